using System.Buffers;
using System.Diagnostics;
using Mlops.Inference.Caching;
using Mlops.Inference.Collection;
using Mlops.Inference.Preprocessing;
using Mlops.Inference.Telemetry;
using Mlops.Scoring;

namespace Mlops.Inference.Serving;

/// <summary>
/// One image from request to answer: lease the model version, prepare the input, ask the cache, else run it in the
/// dynamic batcher, then hand the record to drift collection and count it. Every API (native, v2, HTTP) goes through here.
/// A request whose caller has gone (<paramref name="callerGone"/> of <see cref="PredictAsync"/>: it cancelled, or its
/// deadline passed while it waited to be read) is dropped before any work, and once queued, before the model runs it.
/// </summary>
public sealed class PredictionPipeline(LoadedModels models, PredictionCache cache, PredictionCollector collector, InferenceMetrics metrics)
{
    public LoadedModels Models => models;

    public async ValueTask<PredictionResult> PredictAsync(string? modelName, ImageSource source, string requestId, string api, CancellationToken callerGone)
    {
        callerGone.ThrowIfCancellationRequested();
        var started = Stopwatch.GetTimestamp();
        using var lease = models.Acquire(modelName);
        var model = lease.Model;
        model.Batcher.EnsureRoom();
        var job = model.Batcher.Rent();
        var pixels = ArrayPool<byte>.Shared.Rent(model.InputShape.PixelCount);
        var returnJob = true;
        try
        {
            ImagePreparer.Prepare(source, model.InputShape, job.Input, pixels.AsSpan(0, model.InputShape.PixelCount));
            var probabilities = new float[model.ClassCount];
            var key = cache.Enabled ? AnswerKey.For(model, job.Input) : (AnswerKey?)null;
            var cached = key is { } lookup && await cache.TryGetAsync(lookup, model, probabilities);
            if (!cached)
            {
                // Once queued, the batcher owns the job until the run completes, even if this request fails meanwhile.
                var run = model.Batcher.RunAsync(job, callerGone);
                returnJob = false;
                await run;
                returnJob = true;
                job.Output.CopyTo(probabilities, 0);
                if (key is { } answerKey)
                {
                    cache.Store(answerKey, probabilities);
                }
            }

            var label = Softmax.ArgMax(probabilities);
            collector.Collect(model.Name, model.Version, pixels.AsSpan(0, model.InputShape.PixelCount), model.InputShape, probabilities, label, requestId, model.Lineage);
            metrics.Request(model.Name, model.VersionTag, api, cached, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return new PredictionResult(model.Name, model.Version, label, model.ClassNames[label], probabilities, cached);
        }
        finally
        {
            if (returnJob)
            {
                model.Batcher.Return(job);
            }

            ArrayPool<byte>.Shared.Return(pixels);
        }
    }
}
