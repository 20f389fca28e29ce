using System.Text;
using Mlops.Drift.Grpc;
using Mlops.Drift.Model;

namespace Mlops.Drift.Alerts;

/// <summary>An alert as the JSON that Redis subscribers and webhook receivers get (protobuf JSON mapping, camelCase).</summary>
public static class AlertJson
{
    public const string EventName = "drift.alert";

    public static string Format(DriftAlert alert) => alert.ToContractJson();

    public static byte[] Serialize(DriftAlert alert) => Encoding.UTF8.GetBytes(Format(alert));
}
