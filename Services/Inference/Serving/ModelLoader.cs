using System.Security.Cryptography;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Mlops.Inference.Batching;
using Mlops.Inference.Telemetry;
using Mlops.Registry.V1;
using Mlops.Scoring;

namespace Mlops.Inference.Serving;

/// <summary>
/// Fetches a model version from the registry (metadata, then the ONNX artifact, hash-checked), loads and warms it up, and
/// installs it as the served version. A version that fails any step is logged and not served; the previous one stays.
/// </summary>
public sealed class ModelLoader(
    RegistryService.RegistryServiceClient registry,
    LoadedModels models,
    IOptions<InferenceOptions> inference,
    IOptions<BatchingOptions> batching,
    InferenceMetrics metrics,
    ILogger<ModelLoader> logger)
{
    public async Task LoadAsync(string modelName, int version, CancellationToken cancellationToken)
    {
        if (models.Find(modelName) is { } current && current.Version == version)
        {
            return;
        }

        ServedModel served;
        try
        {
            var info = await registry.GetModelVersionAsync(new GetModelVersionRequest { Reference = $"{modelName}/{version}" }, cancellationToken: cancellationToken);
            var onnx = await DownloadAsync(info.OnnxSha256, cancellationToken);
            served = Build(info, onnx);
        }
        catch (Exception error) when (error is InvalidModelException or InvalidDataException || error is RpcException { StatusCode: not StatusCode.Unavailable and not StatusCode.Cancelled })
        {
            metrics.ModelLoaded(modelName, version, succeeded: false);
            logger.LogError(error, "Cannot serve {Model} v{Version}; still serving {Current}", modelName, version,
                models.Find(modelName) is { } kept ? $"v{kept.Version}" : "nothing");
            return;
        }

        models.Install(served);
        metrics.ModelLoaded(modelName, version, succeeded: true);
        logger.LogInformation("Serving {Model} v{Version} ({Alias}, onnx {Sha}, input {Shape}, {Classes} classes)",
            modelName, version, models.Alias, served.OnnxSha256[..12], served.InputShape, served.ClassCount);
    }

    private ServedModel Build(ModelVersion info, byte[] onnx)
    {
        var classifier = OnnxClassifier.Load(onnx, Math.Max(1, inference.Value.IntraOpThreads));
        try
        {
            // The first run of a session allocates its arenas; do it here rather than in a user's request.
            var warmUp = new float[classifier.ClassCount];
            classifier.Predict(new float[classifier.InputShape.PixelCount], 1, warmUp);
            var classNames = HasOwnNames(classifier) || info.ClassNames.Count != classifier.ClassCount
                ? classifier.ClassNames
                : info.ClassNames.ToList();
            var batcher = new DynamicBatcher(classifier, batching.Value, metrics, info.Version);
            return new ServedModel(
                info.ModelName, info.Version, models.Alias, info.OnnxSha256, classifier, classNames, batcher,
                info.Lineage?.DatasetVersion ?? "", info.Lineage?.RunId ?? "");
        }
        catch
        {
            classifier.Dispose();
            throw;
        }
    }

    private static bool HasOwnNames(OnnxClassifier classifier) =>
        !classifier.ClassNames.Select((name, index) => name == index.ToString(System.Globalization.CultureInfo.InvariantCulture)).All(numbered => numbered);

    private async Task<byte[]> DownloadAsync(string sha256, CancellationToken cancellationToken)
    {
        using var call = registry.DownloadArtifact(new DownloadArtifactRequest { Sha256 = sha256 }, cancellationToken: cancellationToken);
        using var content = new MemoryStream();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            chunk.Content.WriteTo(content);
        }

        var bytes = content.ToArray();
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(actual, sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"The downloaded artifact hashes to {actual}, not {sha256}; not loading it.");
        }

        return bytes;
    }
}
