using Mlops.Training.V1;

namespace Mlops.Training.Jobs;

public static class JobStates
{
    public static bool IsTerminal(JobState state) => state is JobState.Succeeded or JobState.Failed or JobState.Cancelled;
}
