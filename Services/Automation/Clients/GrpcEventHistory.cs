using Grpc.Core;
using Mlops.Automation.Engine;
using Mlops.Automation.Events;
using Mlops.Drift.V1;
using Mlops.Ingestion.V1;
using Mlops.Registry.V1;

namespace Mlops.Automation.Clients;

/// <summary>Reads the events since a moment back from their owners' list RPCs: dataset versions, model versions, alias changes, drift alerts.</summary>
public sealed class GrpcEventHistory(
    IngestionService.IngestionServiceClient ingestion,
    RegistryService.RegistryServiceClient registry,
    DriftService.DriftServiceClient drift) : IEventHistory
{
    public async Task<IReadOnlyList<PlatformEvent>> SinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var events = new List<PlatformEvent>();
        try
        {
            var datasets = await ingestion.ListDatasetsAsync(new ListDatasetsRequest(), cancellationToken: cancellationToken);
            foreach (var dataset in datasets.Datasets)
            {
                var versions = await ingestion.ListVersionsAsync(new ListVersionsRequest { Name = dataset.Name }, cancellationToken: cancellationToken);
                events.AddRange(versions.Versions.Select(EventPayloads.FromDataset));
            }

            var models = await registry.ListModelsAsync(new ListModelsRequest(), cancellationToken: cancellationToken);
            foreach (var model in models.Models)
            {
                var versions = await registry.ListModelVersionsAsync(
                    new ListModelVersionsRequest { ModelName = model.Name, IncludeArchived = true }, cancellationToken: cancellationToken);
                events.AddRange(versions.Versions.Select(EventPayloads.FromModelVersion));
                var history = await registry.GetAliasHistoryAsync(new GetAliasHistoryRequest { ModelName = model.Name }, cancellationToken: cancellationToken);
                events.AddRange(history.Changes.Select(EventPayloads.FromAliasChange).OfType<PlatformEvent>());
            }

            var alerts = await drift.ListAlertsAsync(new ListAlertsRequest { IncludeAcknowledged = true }, cancellationToken: cancellationToken);
            events.AddRange(alerts.Alerts.Select(EventPayloads.FromAlert));
        }
        catch (RpcException error)
        {
            throw new PlatformCallException($"catching up on events failed: {error.StatusCode}: {error.Status.Detail}", error);
        }

        return [.. events.Where(e => e.OccurredAt >= since).OrderBy(e => e.OccurredAt)];
    }
}
