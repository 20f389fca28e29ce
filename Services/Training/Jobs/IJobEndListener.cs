using Mlops.Training.Model;

namespace Mlops.Training.Jobs;

/// <summary>Told when a job reaches SUCCEEDED, FAILED or CANCELLED (e.g. to update its sweep).</summary>
public interface IJobEndListener
{
    void JobEnded(TrainingJob job);
}
