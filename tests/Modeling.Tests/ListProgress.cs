namespace Mlops.Modeling.Tests;

/// <summary>Reports synchronously, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
public sealed class ListProgress(Action<TrainingProgress> onReport) : IProgress<TrainingProgress>
{
    public ListProgress(List<TrainingProgress> reports) : this(reports.Add)
    {
    }

    public void Report(TrainingProgress value) => onReport(value);
}
