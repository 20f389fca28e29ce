using System.Diagnostics;
using System.Diagnostics.Metrics;
using Mlops.Inference.Batching;

namespace Mlops.Inference.Telemetry;

/// <summary>The "Mlops.Inference" meter: requests, errors, latency, batching, cache and drift collection, tagged with model and version.</summary>
public sealed class InferenceMetrics : IBatchObserver
{
    public const string MeterName = "Mlops.Inference";

    private readonly Counter<long> requests;
    private readonly Counter<long> errors;
    private readonly Histogram<double> latency;
    private readonly Histogram<int> batchSize;
    private readonly Histogram<double> queueDelay;
    private readonly Counter<long> rejected;
    private readonly Counter<long> abandoned;
    private readonly Counter<long> cacheLookups;
    private readonly Counter<long> collected;
    private readonly Counter<long> collectionDropped;
    private readonly Counter<long> modelLoads;

    public InferenceMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        requests = meter.CreateCounter<long>("mlops.inference.requests", "{image}", "Images predicted, by model, version, API and whether the cache answered.");
        errors = meter.CreateCounter<long>("mlops.inference.errors", "{request}", "Requests refused or failed, by API and status.");
        latency = meter.CreateHistogram<double>("mlops.inference.latency", "ms", "Time from a request's arrival to its answer, per image.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128, 256, 1000] });
        batchSize = meter.CreateHistogram<int>("mlops.inference.batch_size", "{image}", "Images per ONNX Runtime run.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });
        queueDelay = meter.CreateHistogram<double>("mlops.inference.queue_delay", "ms", "Time an image waited for its batch to start.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 64] });
        rejected = meter.CreateCounter<long>("mlops.inference.rejected", "{request}", "Requests refused at once because the model's batch queue was full.");
        abandoned = meter.CreateCounter<long>("mlops.inference.abandoned", "{request}",
            "Queued requests dropped without running the model because their caller had gone (cancelled, or its deadline passed).");
        cacheLookups = meter.CreateCounter<long>("mlops.inference.cache", "{lookup}", "Prediction cache lookups by result: hit, miss, bypass (cache down or slow).");
        collected = meter.CreateCounter<long>("mlops.inference.drift_records", "{record}", "Prediction records delivered to the drift service.");
        collectionDropped = meter.CreateCounter<long>("mlops.inference.drift_records_dropped", "{record}", "Prediction records not delivered, by reason: queue_full, drift_unavailable, rejected.");
        modelLoads = meter.CreateCounter<long>("mlops.inference.model_loads", "{load}", "Model version loads by result.");
    }

    public void Request(string model, object version, string api, bool cached, double milliseconds)
    {
        var tags = new TagList { { "model", model }, { "model.version", version }, { "api", api }, { "cached", cached } };
        requests.Add(1, tags);
        latency.Record(milliseconds, tags);
    }

    public void Error(string api, string status) =>
        errors.Add(1, new TagList { { "api", api }, { "status", status } });

    public void BatchRan(int size, object versionTag) => batchSize.Record(size, new KeyValuePair<string, object?>("model.version", versionTag));

    public void QueueWaited(TimeSpan delay, object versionTag) =>
        queueDelay.Record(delay.TotalMilliseconds, new KeyValuePair<string, object?>("model.version", versionTag));

    public void Rejected(object versionTag) => rejected.Add(1, new KeyValuePair<string, object?>("model.version", versionTag));

    public void Abandoned(object versionTag) => abandoned.Add(1, new KeyValuePair<string, object?>("model.version", versionTag));

    public void CacheHit(object version) => cacheLookups.Add(1, new("result", "hit"), new("model.version", version));

    public void CacheMiss(object version) => cacheLookups.Add(1, new("result", "miss"), new("model.version", version));

    public void CacheBypass(object version) => cacheLookups.Add(1, new("result", "bypass"), new("model.version", version));

    public void RecordsDelivered(int count) => collected.Add(count);

    public void RecordsDropped(int count, string reason) => collectionDropped.Add(count, new KeyValuePair<string, object?>("reason", reason));

    public void ModelLoaded(string model, int version, bool succeeded) =>
        modelLoads.Add(1, new("model", model), new("model.version", version), new("result", succeeded ? "loaded" : "failed"));
}
