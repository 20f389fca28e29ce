using Grpc.Core;
using Mlops.Drift.Repositories;
using Mlops.Drift.V1;

namespace Mlops.Drift.Grpc;

public sealed class DriftGrpcService(IDriftRepository drift) : DriftService.DriftServiceBase
{
    private const int DefaultListLimit = 100;

    public override Task<ListWindowsResponse> ListWindows(ListWindowsRequest request, ServerCallContext context)
    {
        var response = new ListWindowsResponse();
        response.Windows.AddRange(drift.ListWindows(
            NullIfEmpty(request.ModelName), request.ModelVersion, request.Limit > 0 ? request.Limit : DefaultListLimit));
        return Task.FromResult(response);
    }

    public override Task<ListAlertsResponse> ListAlerts(ListAlertsRequest request, ServerCallContext context)
    {
        var response = new ListAlertsResponse();
        response.Alerts.AddRange(drift.ListAlerts(NullIfEmpty(request.ModelName), request.IncludeAcknowledged));
        return Task.FromResult(response);
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;
}
