using System.Text;
using Google.Protobuf;
using Mlops.Drift.Grpc;
using Mlops.Drift.Model;

namespace Mlops.Drift.Alerts;

/// <summary>An alert as the JSON that Redis subscribers and webhook receivers get (protobuf JSON mapping, camelCase).</summary>
public static class AlertJson
{
    public const string EventName = "drift.alert";

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public static string Format(DriftAlert alert) => Formatter.Format(alert.ToMessage());

    public static byte[] Serialize(DriftAlert alert) => Encoding.UTF8.GetBytes(Format(alert));
}
