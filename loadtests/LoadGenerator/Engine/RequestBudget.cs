namespace Mlops.LoadGenerator.Engine;

/// <summary>Counts started steps against an optional limit, shared by every driver of a run.</summary>
internal sealed class RequestBudget(long? limit)
{
    private long _taken;

    public bool TryTake() => limit is not { } max || Interlocked.Increment(ref _taken) <= max;
}
