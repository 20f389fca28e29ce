using System.Threading.Tasks.Sources;

namespace Mlops.Inference.Batching;

/// <summary>
/// One image waiting for a batched run: its model-ready pixels in, its probabilities out. Pooled by its
/// <see cref="DynamicBatcher"/> and awaited as a <see cref="ValueTask"/>, so a request allocates no job, no buffers and no task.
/// </summary>
public sealed class BatchJob : IValueTaskSource
{
    private ManualResetValueTaskSourceCore<bool> completion = new() { RunContinuationsAsynchronously = true };

    internal BatchJob(int pixels, int classes)
    {
        Input = new float[pixels];
        Output = new float[classes];
    }

    /// <summary>The image in the model's input form (float32, [0, 1], CHW).</summary>
    public float[] Input { get; }

    /// <summary>Class probabilities, written by the run.</summary>
    public float[] Output { get; }

    internal long EnqueuedAt { get; set; }

    /// <summary>Cancelled when the request's caller has gone (it cancelled, or its deadline passed).</summary>
    internal CancellationToken CallerGone { get; set; }

    internal ValueTask AsValueTask() => new(this, completion.Version);

    internal void Succeed() => completion.SetResult(true);

    internal void Fail(Exception error) => completion.SetException(error);

    internal void Reset()
    {
        CallerGone = default;
        completion.Reset();
    }

    void IValueTaskSource.GetResult(short token) => completion.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => completion.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        completion.OnCompleted(continuation, state, token, flags);
}
