namespace Mlops.Inference.Collection;

/// <summary>How prediction records travel to the drift service.</summary>
public sealed class CollectionOptions
{
    public const string Section = "Inference:Collection";

    public bool Enabled { get; set; } = true;

    /// <summary>Records held while waiting to be sent; when full, new records are dropped (and counted), never waited for.</summary>
    public int QueueCapacity { get; set; } = 20_000;

    /// <summary>Records per RecordBatch message.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>A part-filled batch is sent after this long.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Share of records (0-1) that carry the raw input pixels as well as their statistics.</summary>
    public double RawPixelSampleRate { get; set; } = 0.01;
}
