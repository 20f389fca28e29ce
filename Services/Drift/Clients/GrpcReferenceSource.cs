using System.Runtime.CompilerServices;
using Grpc.Core;
using Mlops.Common.V1;
using Mlops.Drift.Model;
using Mlops.Drift.References;
using Mlops.Ingestion.V1;
using Mlops.Registry.V1;
using Mlops.ServiceDefaults;

namespace Mlops.Drift.Clients;

/// <summary>The reference's data from the services that own it: the model from the Registry, the dataset's profile and test split from Ingestion.</summary>
public sealed class GrpcReferenceSource(
    RegistryService.RegistryServiceClient registry, IngestionService.IngestionServiceClient ingestion) : IReferenceSource
{
    public async Task<ModelDescription?> FindModelAsync(string reference, CancellationToken cancellationToken)
    {
        ModelVersion version;
        try
        {
            version = await registry.GetModelVersionAsync(new GetModelVersionRequest { Reference = reference }, cancellationToken: cancellationToken);
        }
        catch (RpcException error) when (error.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            return null;
        }
        catch (RpcException error)
        {
            throw Unavailable("the Registry", $"look up model {EchoedInput.Of(reference)}", error);
        }

        if (string.IsNullOrEmpty(version.Lineage?.DatasetVersion))
        {
            throw DriftException.FailedPrecondition(
                $"Model {version.ModelName}/{version.Version} has no dataset version in its lineage, so there is no reference to compare its traffic with.");
        }

        return new ModelDescription(
            new ModelKey(version.ModelName, version.Version), version.Lineage.DatasetVersion, [.. version.ClassNames], version.OnnxSha256, version.Lineage.RunId);
    }

    public async Task<byte[]> DownloadModelAsync(ModelDescription model, CancellationToken cancellationToken)
    {
        using var call = registry.DownloadArtifact(new DownloadArtifactRequest { Sha256 = model.OnnxSha256 }, cancellationToken: cancellationToken);
        using var content = new MemoryStream();
        try
        {
            await foreach (var chunk in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                chunk.Content.WriteTo(content);
            }
        }
        catch (RpcException error)
        {
            throw Unavailable("the Registry", $"download the ONNX file of {model.Key}", error);
        }

        return content.ToArray();
    }

    public async Task<IReadOnlyDictionary<string, double[]>?> ImageFeatureSamplesAsync(string datasetVersionId, CancellationToken cancellationToken)
    {
        DatasetProfile profile;
        try
        {
            profile = await ingestion.GetProfileAsync(new GetProfileRequest { VersionId = datasetVersionId }, cancellationToken: cancellationToken);
        }
        catch (RpcException error)
        {
            throw Unavailable("Ingestion", $"read the profile of {datasetVersionId}", error);
        }

        var test = profile.Splits.FirstOrDefault(split => split.Split == Split.Test);
        if (test is null || test.Features.Count == 0 || test.Features.Any(feature => feature.Sample.Count == 0))
        {
            return null;
        }

        return test.Features.ToDictionary(feature => feature.Name, feature => feature.Sample.ToArray());
    }

    public async IAsyncEnumerable<LabeledBatch> ReadTestSplitAsync(
        string datasetVersionId, int maxSamples, int batchSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var batch in ingestion.ReadTestSplitAsync(
            datasetVersionId, batchSize, maxSamples, error => Unavailable("Ingestion", $"stream the test split of {datasetVersionId}", error), cancellationToken))
        {
            yield return new LabeledBatch(batch.Pixels.ToByteArray(), batch.Labels.ToByteArray());
        }
    }

    private static DriftException Unavailable(string service, string what, RpcException error) => error.StatusCode == StatusCode.NotFound
        ? new DriftException(DriftErrorKind.FailedPrecondition, $"Could not {what}: {service} does not have it ({error.Status.Detail}).", error)
        : new DriftException(DriftErrorKind.Unavailable, $"Could not {what}: {service} answered {error.StatusCode} ({error.Status.Detail}); try again when it is up.", error);
}
