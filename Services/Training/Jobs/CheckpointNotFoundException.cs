namespace Mlops.Training.Jobs;

/// <summary>A resume asked for a run or checkpoint that is not there.</summary>
public sealed class CheckpointNotFoundException(string message) : Exception(message);
