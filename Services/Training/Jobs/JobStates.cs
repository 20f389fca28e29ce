using Mlops.Training.Model;

namespace Mlops.Training.Jobs;

public static class JobStates
{
    public static bool IsTerminal(JobStatus state) => state is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled;
}
