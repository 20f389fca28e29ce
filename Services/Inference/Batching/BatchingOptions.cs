namespace Mlops.Inference.Batching;

/// <summary>How concurrent requests are gathered into one ONNX Runtime run.</summary>
public sealed class BatchingOptions
{
    public const string Section = "Inference:Batching";

    /// <summary>Most images in one run; 1 turns batching off.</summary>
    public int MaxBatchSize { get; set; } = 64;

    /// <summary>
    /// How long a worker holding a part-filled batch waits for more requests, in microseconds. It waits only while the
    /// previous batch had more than one request (the service is under concurrent load); a lone request is run at once,
    /// so an idle service adds no queueing delay. 0: run whatever is queued immediately (batches still form from the
    /// requests that arrive while a run is busy).
    /// </summary>
    public int MaxQueueDelayMicroseconds { get; set; }

    /// <summary>
    /// Most requests waiting for a run. A request beyond it is refused at once (RESOURCE_EXHAUSTED, HTTP 503 with
    /// Retry-After) rather than queued without limit, so overload costs the caller a retry instead of every caller a
    /// growing wait: at the ~3k images/s two workers run here, 256 queued is under 0.1 s of waiting.
    /// </summary>
    public int MaxQueueLength { get; set; } = 256;

    /// <summary>Runs that may execute at once (each on its own thread); on a small machine one per core.</summary>
    public int Workers { get; set; } = 2;

    /// <summary>
    /// Requests of one stream in flight at once: a full batch, but at most a quarter of the queue's bound, so a single
    /// stream never fills the queue and has its own requests refused; a fast client waits on the window instead.
    /// </summary>
    public int StreamWindow => Math.Max(1, Math.Min(MaxBatchSize, MaxQueueLength / 4));
}
