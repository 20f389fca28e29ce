using Grpc.Core;
using Mlops.Registry.V1;
using Mlops.ServiceDefaults;

namespace Mlops.Registry.Grpc;

public sealed partial class RegistryGrpcService
{
    private const int DefaultDeliveryLimit = 100;

    public override async Task<AliasChange> SetAlias(SetAliasRequest request, ServerCallContext context) =>
        (await aliases.SetAsync(request.ToDomain(), context.CancellationToken)).ToMessage();

    public override async Task<PromoteModelResponse> PromoteModel(PromoteModelRequest request, ServerCallContext context) =>
        (await aliases.PromoteAsync(request.ToDomain(), context.CancellationToken)).ToMessage();

    public override Task<AliasHistory> GetAliasHistory(GetAliasHistoryRequest request, ServerCallContext context)
    {
        var history = new AliasHistory();
        history.Changes.AddRange(aliases.History(request.ModelName, NullIfEmpty(request.Alias)).Select(RegistryMapping.ToMessage));
        return Task.FromResult(history);
    }

    public override async Task WatchAliases(WatchAliasesRequest request, IServerStreamWriter<AliasChange> responseStream, ServerCallContext context)
    {
        // Subscribe before reading the snapshot, so no change falls between the two.
        using var subscription = broadcaster.Subscribe(NullIfEmpty(request.ModelName));
        foreach (var current in aliases.Snapshot(NullIfEmpty(request.ModelName)))
        {
            await responseStream.WriteAsync(current.ToMessage(), context.CancellationToken);
        }

        try
        {
            await foreach (var change in subscription.Changes.ReadAllAsync(context.CancellationToken))
            {
                await responseStream.WriteAsync(change.ToMessage(), context.CancellationToken);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The watcher went away; disposing the subscription removes it.
        }
    }

    public override Task<ListWebhookDeliveriesResponse> ListWebhookDeliveries(ListWebhookDeliveriesRequest request, ServerCallContext context)
    {
        var response = new ListWebhookDeliveriesResponse();
        response.Deliveries.AddRange(webhookDeliveries.List(request.Status.ToDomain(), PageLimits.Resolve(request.Limit, DefaultDeliveryLimit, "limit"))
            .Select(RegistryMapping.ToMessage));
        return Task.FromResult(response);
    }
}
