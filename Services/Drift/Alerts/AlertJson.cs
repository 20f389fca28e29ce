using System.Text;
using Google.Protobuf;
using Mlops.Drift.V1;

namespace Mlops.Drift.Alerts;

/// <summary>An alert as the JSON that Redis subscribers and webhook receivers get (protobuf JSON mapping, camelCase).</summary>
public static class AlertJson
{
    public const string EventName = "drift.alert";

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public static string Format(Alert alert) => Formatter.Format(alert);

    public static byte[] Serialize(Alert alert) => Encoding.UTF8.GetBytes(Format(alert));
}
