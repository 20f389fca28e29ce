using Grpc.Core;
using Mlops.Drift.Alerts;
using Mlops.Drift.Model;
using Mlops.Drift.Monitoring;
using Mlops.Drift.Repositories;
using Mlops.Drift.Robustness;
using Mlops.Drift.V1;
using Mlops.ServiceDefaults;

namespace Mlops.Drift.Grpc;

public sealed class DriftGrpcService(
    DriftMonitor monitor, IDriftRepository repository, AlertBroadcaster broadcaster, RobustnessCheck robustness) : DriftService.DriftServiceBase
{
    private const int DefaultListLimit = 100;
    private const int MaxReasons = 100;

    public override async Task<RecordSummary> Record(IAsyncStreamReader<RecordBatch> requestStream, ServerCallContext context)
    {
        long accepted = 0, rejected = 0, unknownModel = 0;
        var reasons = new List<string>();
        await foreach (var batch in requestStream.ReadAllAsync(context.CancellationToken))
        {
            if (RecordBatchLimits.Problem(batch) is { } problem)
            {
                throw DriftException.InvalidArgument($"{problem} No record of this batch was recorded.");
            }

            var outcome = await monitor.RecordAsync(batch.ToDomain(), context.CancellationToken);
            accepted += outcome.Accepted;
            rejected += outcome.Rejected;
            unknownModel += outcome.UnknownModel;
            reasons.AddRange(outcome.Reasons.Take(MaxReasons - reasons.Count));
        }

        if (accepted == 0 && unknownModel > 0)
        {
            throw new RpcException(new Status(StatusCode.NotFound,
                $"No record was accepted: {string.Join("; ", reasons.Take(10))}. Register the model version first, or send records for one that is."));
        }

        var summary = new RecordSummary { Accepted = accepted, Rejected = rejected };
        summary.RejectionReasons.AddRange(reasons);
        if (rejected > reasons.Count)
        {
            summary.RejectionReasons.Add($"... and {rejected - reasons.Count} more");
        }

        return summary;
    }

    public override Task<ListWindowsResponse> ListWindows(ListWindowsRequest request, ServerCallContext context)
    {
        var response = new ListWindowsResponse();
        response.Windows.AddRange(monitor.ListWindows(
            NullIfEmpty(request.ModelName), request.ModelVersion, PageLimits.Resolve(request.Limit, DefaultListLimit, "limit")).Select(window => window.ToMessage()));
        return Task.FromResult(response);
    }

    public override Task<DriftReport> GetDriftReport(GetDriftReportRequest request, ServerCallContext context) =>
        Task.FromResult(monitor.GetReport(request.ModelName, request.ModelVersion, NullIfEmpty(request.WindowId)).ToMessage());

    public override Task<ListAlertsResponse> ListAlerts(ListAlertsRequest request, ServerCallContext context)
    {
        var response = new ListAlertsResponse();
        response.Alerts.AddRange(repository.ListAlerts(NullIfEmpty(request.ModelName), request.IncludeAcknowledged).Select(alert => alert.ToMessage()));
        return Task.FromResult(response);
    }

    public override Task<Alert> AcknowledgeAlert(AcknowledgeAlertRequest request, ServerCallContext context) =>
        Task.FromResult(monitor.Acknowledge(request.AlertId, request.AcknowledgedBy).ToMessage());

    public override async Task WatchAlerts(WatchAlertsRequest request, IServerStreamWriter<Alert> responseStream, ServerCallContext context)
    {
        using var subscription = broadcaster.Subscribe(NullIfEmpty(request.ModelName));
        try
        {
            // Headers tell the watcher it is subscribed: every alert raised from now on reaches it.
            await context.WriteResponseHeadersAsync([]);
            await foreach (var alert in subscription.Reader.ReadAllAsync(context.CancellationToken))
            {
                await responseStream.WriteAsync(alert.ToMessage(), context.CancellationToken);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The watcher went away.
        }
    }

    public override async Task<RobustnessReport> RunRobustnessCheck(RobustnessCheckRequest request, ServerCallContext context) =>
        (await robustness.RunAsync(request.ToDomain(), context.CancellationToken)).ToMessage();

    private static string? NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;
}
