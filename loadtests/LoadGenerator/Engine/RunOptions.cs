namespace Mlops.LoadGenerator.Engine;

public sealed record RunOptions
{
    public Uri Target { get; init; } = new("http://127.0.0.1:5402");

    /// <summary>Without it, any target other than loopback is refused.</summary>
    public bool AllowNonLoopback { get; init; }

    /// <summary>Stop starting steps after this many (all scenarios together); null for no limit.</summary>
    public long? MaxRequests { get; init; }

    /// <summary>Open model: requests due while this many are outstanding are dropped and counted, not sent.</summary>
    public int MaxInFlight { get; init; } = 10_000;

    /// <summary>Open model: a step that starts later than this after its scheduled time is counted as late.</summary>
    public TimeSpan LateAfter { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>How long outstanding steps may take to finish once the load ends before they are cancelled.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Concurrent copies used for a scenario's warm-up.</summary>
    public int WarmUpCopies { get; init; } = Math.Max(2, Environment.ProcessorCount);

    public TextWriter Log { get; init; } = TextWriter.Null;
}
