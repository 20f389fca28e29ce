namespace Mlops.Training.Model;

/// <summary>A job as it stands after a change, with what happened in words (what a watcher of the job is sent).</summary>
public sealed record JobChange(TrainingJob Job, string Message);
