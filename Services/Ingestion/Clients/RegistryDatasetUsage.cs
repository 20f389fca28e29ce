using Grpc.Core;
using Mlops.Ingestion.Retention;
using Mlops.Registry.V1;

namespace Mlops.Ingestion.Clients;

/// <summary>Asks the registry (Services:registry, or service discovery) which runs and model versions name a dataset version.</summary>
public sealed class RegistryDatasetUsage(RegistryService.RegistryServiceClient registry) : IDatasetUsageSource
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public async Task<Retention.DatasetUsage> UsageOfAsync(string datasetVersionId, CancellationToken cancellationToken)
    {
        try
        {
            var usage = await registry.GetDatasetUsageAsync(
                new GetDatasetUsageRequest { DatasetVersion = datasetVersionId }, deadline: DateTime.UtcNow + Deadline, cancellationToken: cancellationToken);
            return new Retention.DatasetUsage([.. usage.RunIds], [.. usage.ActiveModelVersions], [.. usage.AliasedModelVersions]);
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled || !cancellationToken.IsCancellationRequested)
        {
            throw new DatasetUsageUnavailableException(
                $"The registry could not say whether dataset version {datasetVersionId} is in use ({e.StatusCode}: {e.Status.Detail}); " +
                "nothing was changed. Try again once the registry answers.", e);
        }
    }
}
