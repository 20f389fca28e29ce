using System.Text.Json.Nodes;
using Mlops.Drift.Grpc;
using Mlops.Drift.Model;

namespace Mlops.Drift.Reports;

/// <summary>
/// A report as JSON (protobuf JSON mapping, every field shown), except that a test with too little data carries no
/// statistic, p-value or distance at all: a zero there would read as a real result.
/// </summary>
public static class ReportJson
{
    private const string NotEnoughData = "TEST_VERDICT_NOT_ENOUGH_DATA";
    private static readonly string[] ResultFields = ["statistic", "pValue", "adjustedPValue", "wassersteinDistance", "psi"];

    public static string Format(WindowReport report)
    {
        var json = JsonNode.Parse(report.ToContractJson())!;
        foreach (var test in json["tests"]?.AsArray() ?? [])
        {
            if (test?["verdict"]?.GetValue<string>() == NotEnoughData)
            {
                foreach (var field in ResultFields)
                {
                    test.AsObject().Remove(field);
                }
            }
        }

        return json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }
}
