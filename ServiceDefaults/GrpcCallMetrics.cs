using System.Diagnostics;
using System.Diagnostics.Metrics;
using Grpc.Core;

namespace Mlops.ServiceDefaults;

/// <summary>
/// Every service's gRPC handlers, seen from the error interceptor: how many are running per method
/// (mlops_grpc_server_active_calls) and how each one ended (mlops_grpc_server_calls_total by status). A handler counts as
/// running until it returns, so a call whose caller left shows up here until its work has really stopped, and it ends
/// "Cancelled" only when the handler observed the cancellation (a handler that ignores it ends "OK" after doing all its work).
/// </summary>
public static class GrpcCallMetrics
{
    public const string MeterName = Telemetry.SourcePrefix + "Grpc";

    private static readonly Meter Meter = new(MeterName);
    private static readonly UpDownCounter<long> Active = Meter.CreateUpDownCounter<long>(
        "mlops.grpc.server.active_calls", description: "gRPC handlers running now, by method.");
    private static readonly Counter<long> Ended = Meter.CreateCounter<long>(
        "mlops.grpc.server.calls", description: "gRPC handlers that returned, by method and the status they ended with.");

    /// <summary>Counts a handler of <paramref name="method"/> as running until <see cref="Call.End"/>.</summary>
    public static Call Start(string method)
    {
        Active.Add(1, new KeyValuePair<string, object?>("grpc.method", method));
        return new Call(method);
    }

    public sealed class Call(string method)
    {
        public void End(StatusCode status)
        {
            // Counted as ended before it stops counting as running, so no scrape sees it in neither.
            var methodTag = new KeyValuePair<string, object?>("grpc.method", method);
            Ended.Add(1, new TagList { methodTag, { "grpc.status", status.ToString() } });
            Active.Add(-1, methodTag);
        }
    }
}
