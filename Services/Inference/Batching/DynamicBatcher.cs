using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Mlops.Scoring;
using Mlops.ServiceDefaults;

namespace Mlops.Inference.Batching;

/// <summary>
/// Gathers concurrent single-image requests into one ONNX Runtime run of up to <see cref="BatchingOptions.MaxBatchSize"/>
/// images and hands each its row of the result. Requests that arrive while the workers are busy form the next batch, so the
/// batch size follows the load: one image alone, dozens under load.
/// </summary>
public sealed class DynamicBatcher : IDisposable
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);
    private readonly OnnxClassifier classifier;
    private readonly IBatchObserver observer;
    private readonly object versionTag;
    private readonly int maxBatch;
    private readonly int maxQueued;
    private readonly TimeSpan maxDelay;
    private readonly Channel<BatchJob> queue = Channel.CreateUnbounded<BatchJob>(new UnboundedChannelOptions { AllowSynchronousContinuations = false });
    private readonly ConcurrentBag<BatchJob> pool = [];
    private readonly Task[] workers;
    private readonly int pixels;
    private readonly int classes;
    private int idleWorkers;

    public DynamicBatcher(OnnxClassifier classifier, BatchingOptions options, IBatchObserver observer, object versionTag)
    {
        this.classifier = classifier;
        this.observer = observer;
        this.versionTag = versionTag;
        maxBatch = Math.Max(1, options.MaxBatchSize);
        maxQueued = Math.Max(1, options.MaxQueueLength);
        maxDelay = TimeSpan.FromMicroseconds(Math.Max(0, options.MaxQueueDelayMicroseconds));
        pixels = classifier.InputShape.PixelCount;
        classes = classifier.ClassCount;
        workers = Enumerable.Range(0, Math.Max(1, options.Workers))
            .Select(_ => Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
    }

    /// <summary>A job with room for one image; give it back with <see cref="Return"/> once its result has been read.</summary>
    public BatchJob Rent() => pool.TryTake(out var job) ? job : new BatchJob(pixels, classes);

    public void Return(BatchJob job)
    {
        job.Reset();
        pool.Add(job);
    }

    /// <summary>
    /// Queues a job whose <see cref="BatchJob.Input"/> is filled; completes when its <see cref="BatchJob.Output"/> is.
    /// Throws <see cref="ServiceOverloadedException"/>, without queueing, when the queue is full. A job whose
    /// <paramref name="callerGone"/> is cancelled by the time a worker takes it fails with
    /// <see cref="OperationCanceledException"/> instead of running: under overload, callers whose deadline passed while
    /// they queued leave the model's time to those still waiting.
    /// </summary>
    public ValueTask RunAsync(BatchJob job, CancellationToken callerGone = default)
    {
        EnsureRoom();
        job.EnqueuedAt = Stopwatch.GetTimestamp();
        job.CallerGone = callerGone;
        var pending = job.AsValueTask();
        if (!queue.Writer.TryWrite(job))
        {
            throw new ObjectDisposedException(nameof(DynamicBatcher), "This model version has been unloaded.");
        }

        return pending;
    }

    /// <summary>
    /// Throws <see cref="ServiceOverloadedException"/> when the queue is full. Callers check before they decode an image,
    /// so a refused request costs the service as little as possible when it is overloaded.
    /// </summary>
    public void EnsureRoom()
    {
        // Checked without a lock: concurrent callers may overshoot the limit by their number, which keeps it a bound.
        if (queue.Reader.Count >= maxQueued)
        {
            observer.Rejected(versionTag);
            throw new ServiceOverloadedException(
                $"The model's queue is full ({maxQueued} requests waiting); retry shortly or lower the request rate.", RetryAfter);
        }
    }

    public void Dispose()
    {
        queue.Writer.TryComplete();
        Task.WaitAll(workers);
    }

    /// <summary>
    /// A worker on a thread of its own: runs block for milliseconds, and on a thread-pool thread they would starve the
    /// pool (two cores, two workers) that Kestrel and gRPC need to take in the next requests.
    /// </summary>
    private void Work()
    {
        var batch = new BatchJob[maxBatch];
        var input = new float[maxBatch * pixels];
        var output = new float[maxBatch * classes];
        var reader = queue.Reader;
        var lastSize = 0;
        Interlocked.Increment(ref idleWorkers);
        while (Wait(reader.WaitToReadAsync()))
        {
            var share = FairShare(reader.Count);
            Interlocked.Decrement(ref idleWorkers);
            var count = 0;
            while (count < share && reader.TryRead(out var job))
            {
                batch[count++] = job;
            }

            if (count == 0)
            {
                Interlocked.Increment(ref idleWorkers);
                continue;
            }

            if (count < maxBatch && lastSize > 1 && maxDelay > TimeSpan.Zero)
            {
                count = Fill(batch, count);
            }

            count = DropAbandoned(batch, count);
            lastSize = count;
            if (count > 0)
            {
                Run(batch, count, input, output);
            }

            Interlocked.Increment(ref idleWorkers);
        }
    }

    /// <summary>
    /// How many of the queued requests this worker takes: an equal share with the other idle workers, so that a burst
    /// is split over the cores instead of one worker running it all while another waits for the next request.
    /// </summary>
    private int FairShare(int queued)
    {
        var idle = Math.Max(1, Volatile.Read(ref idleWorkers));
        return Math.Clamp((queued + idle - 1) / idle, 1, maxBatch);
    }

    private static bool Wait(ValueTask<bool> ready) => ready.IsCompletedSuccessfully ? ready.Result : ready.AsTask().GetAwaiter().GetResult();

    /// <summary>Under load, waits up to the queue delay for more requests to join a part-filled batch.</summary>
    private int Fill(BatchJob[] batch, int count)
    {
        using var timeout = new CancellationTokenSource(maxDelay);
        try
        {
            while (count < maxBatch && Wait(queue.Reader.WaitToReadAsync(timeout.Token)))
            {
                while (count < maxBatch && queue.Reader.TryRead(out var job))
                {
                    batch[count++] = job;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The delay is over: run what has been gathered.
        }

        return count;
    }

    /// <summary>Fails the jobs whose caller has gone and closes the gaps; returns how many are left to run.</summary>
    private int DropAbandoned(BatchJob[] batch, int count)
    {
        var kept = 0;
        for (var index = 0; index < count; index++)
        {
            var job = batch[index];
            if (job.CallerGone.IsCancellationRequested)
            {
                observer.Abandoned(versionTag);
                job.Fail(new OperationCanceledException("The caller went before the image was run.", job.CallerGone));
            }
            else
            {
                batch[kept++] = job;
            }
        }

        Array.Clear(batch, kept, count - kept);
        return kept;
    }

    private void Run(BatchJob[] batch, int count, float[] input, float[] output)
    {
        var started = Stopwatch.GetTimestamp();
        for (var index = 0; index < count; index++)
        {
            batch[index].Input.CopyTo(input, index * pixels);
            observer.QueueWaited(Stopwatch.GetElapsedTime(batch[index].EnqueuedAt, started), versionTag);
        }

        Exception? failure = null;
        try
        {
            classifier.Predict(input.AsMemory(0, count * pixels), count, output.AsMemory(0, count * classes));
        }
        catch (Exception error)
        {
            failure = error;
        }

        observer.BatchRan(count, versionTag);
        for (var index = 0; index < count; index++)
        {
            if (failure is null)
            {
                output.AsSpan(index * classes, classes).CopyTo(batch[index].Output);
                batch[index].Succeed();
            }
            else
            {
                batch[index].Fail(failure);
            }
        }

        Array.Clear(batch, 0, count);
    }
}
