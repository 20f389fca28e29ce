using System.Collections.Concurrent;
using Mlops.Inference.Batching;
using Mlops.Inference.Serving;
using Mlops.Scoring;

namespace Mlops.Inference.Tests;

public sealed class DynamicBatcherTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Concurrent_requests_share_runs_and_each_gets_its_own_row(int workers)
    {
        using var classifier = OnnxClassifier.Load(Models.First);
        var observer = new SizeObserver();
        using var batcher = new DynamicBatcher(classifier, new BatchingOptions { MaxBatchSize = 16, Workers = workers, MaxQueueDelayMicroseconds = 2000 }, observer, 1);

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(index => Task.Run(async () =>
        {
            var job = batcher.Rent();
            Imaging.PixelNormalizer.ToUnitRange(Models.Test.Image(index), job.Input);
            await batcher.RunAsync(job);
            var output = job.Output.ToArray();
            batcher.Return(job);
            return output;
        })));

        for (var index = 0; index < 200; index++)
        {
            var expected = new float[10];
            classifier.Predict(Models.Test.Image(index), 1, expected);
            Assert.Equal(expected, answers[index], (a, b) => Math.Abs(a - b) < 1e-5f);
        }

        Assert.Equal(200, observer.Sizes.Sum());
        Assert.True(observer.Sizes.Max() > 1, "no two requests shared a run");
        Assert.True(observer.Sizes.Max() <= 16, "a run exceeded the maximum batch size");
    }

    [Fact]
    public async Task Beyond_the_queue_limit_a_request_is_refused_at_once_and_the_queued_ones_still_complete()
    {
        using var classifier = OnnxClassifier.Load(Models.First);
        var observer = new GatedObserver();
        using var batcher = new DynamicBatcher(classifier, new BatchingOptions { MaxBatchSize = 1, Workers = 1, MaxQueueLength = 3 }, observer, 1);

        var running = Submit(batcher, 0);
        Assert.True(observer.RunStarted.Wait(TimeSpan.FromMinutes(1)), "the worker never took the first request");
        var queued = Enumerable.Range(1, 3).Select(index => Submit(batcher, index)).ToArray();

        var refused = Assert.Throws<ServiceDefaults.ServiceOverloadedException>(() => { _ = Submit(batcher, 4); });
        Assert.Contains("queue is full (3 requests waiting)", refused.Message, StringComparison.Ordinal);
        Assert.Equal("1", refused.RetryAfterSeconds);
        Assert.Equal(1, observer.Rejections);

        observer.Release.Set();
        var answers = await Task.WhenAll([running, .. queued]);
        for (var index = 0; index < answers.Length; index++)
        {
            var expected = new float[10];
            classifier.Predict(Models.Test.Image(index), 1, expected);
            Assert.Equal(expected, answers[index], (a, b) => Math.Abs(a - b) < 1e-5f);
        }
    }

    [Fact]
    public async Task A_queued_request_whose_caller_has_gone_is_dropped_before_the_model_runs_it()
    {
        using var classifier = OnnxClassifier.Load(Models.First);
        var observer = new GatedObserver();
        using var batcher = new DynamicBatcher(classifier, new BatchingOptions { MaxBatchSize = 8, Workers = 1 }, observer, 1);
        var running = Submit(batcher, 0);
        Assert.True(observer.RunStarted.Wait(TimeSpan.FromMinutes(1)), "the worker never took the first request");

        using var deadline = new CancellationTokenSource();
        var gone = Submit(batcher, 1, deadline.Token);
        var waiting = Submit(batcher, 2);
        deadline.Cancel();
        observer.Release.Set();

        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gone);
        Assert.Equal(deadline.Token, cancelled.CancellationToken);
        var expected = new float[10];
        classifier.Predict(Models.Test.Image(2), 1, expected);
        Assert.Equal(expected, await waiting, (a, b) => Math.Abs(a - b) < 1e-5f);
        await running;
        Assert.Equal(1, observer.Abandonments);
        Assert.Equal(new[] { 1, 1 }, observer.Sizes.Order());
    }

    [Fact]
    public void A_replaced_version_stays_usable_until_its_last_lease_is_released()
    {
        var models = new LoadedModels(Microsoft.Extensions.Options.Options.Create(new InferenceOptions()));
        var first = Served(1);
        models.Install(first);
        var lease = models.Acquire("");

        models.Install(Served(2));
        using (var next = models.Acquire("fashion"))
        {
            Assert.Equal(2, next.Model.Version);
        }

        var probabilities = new float[10];
        first.Classifier.Predict(Models.Test.Image(0), 1, probabilities);
        Assert.True(first.IsRetired);
        lease.Dispose();
        Assert.Throws<ObjectDisposedException>(() => first.Batcher.RunAsync(first.Batcher.Rent()));
    }

    [Fact]
    public void Before_the_first_load_a_configured_model_is_not_ready_and_an_unknown_one_not_found()
    {
        var models = new LoadedModels(Microsoft.Extensions.Options.Options.Create(new InferenceOptions { Models = ["fashion"] }));

        Assert.False(models.IsReady);
        Assert.Throws<ModelNotReadyException>(() => models.Acquire(""));
        Assert.Throws<ModelNotFoundException>(() => models.Acquire("other"));
    }

    private static ServedModel Served(int version)
    {
        var classifier = OnnxClassifier.Load(Models.First);
        return new ServedModel("fashion", version, "production", "sha", classifier, classifier.ClassNames,
            new DynamicBatcher(classifier, new BatchingOptions(), new SizeObserver(), version));
    }

    private static Task<float[]> Submit(DynamicBatcher batcher, int index, CancellationToken callerGone = default)
    {
        var job = batcher.Rent();
        Imaging.PixelNormalizer.ToUnitRange(Models.Test.Image(index), job.Input);
        var run = batcher.RunAsync(job, callerGone);
        return Answer(run, job, batcher);

        static async Task<float[]> Answer(ValueTask run, BatchJob job, DynamicBatcher batcher)
        {
            await run;
            var output = job.Output.ToArray();
            batcher.Return(job);
            return output;
        }
    }

    private sealed class SizeObserver : IBatchObserver
    {
        public ConcurrentBag<int> Sizes { get; } = [];

        public void BatchRan(int size, object versionTag) => Sizes.Add(size);

        public void QueueWaited(TimeSpan delay, object versionTag)
        {
        }

        public void Rejected(object versionTag)
        {
        }

        public void Abandoned(object versionTag)
        {
        }
    }

    /// <summary>Holds the worker inside its first run until the test releases it, so the queue fills behind it.</summary>
    private sealed class GatedObserver : IBatchObserver
    {
        private int rejections;
        private int abandoned;

        public ManualResetEventSlim RunStarted { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public int Rejections => Volatile.Read(ref rejections);

        public int Abandonments => Volatile.Read(ref abandoned);

        public ConcurrentBag<int> Sizes { get; } = [];

        public void BatchRan(int size, object versionTag) => Sizes.Add(size);

        public void QueueWaited(TimeSpan delay, object versionTag)
        {
            RunStarted.Set();
            Release.Wait();
        }

        public void Rejected(object versionTag) => Interlocked.Increment(ref rejections);

        public void Abandoned(object versionTag) => Interlocked.Increment(ref abandoned);
    }
}
