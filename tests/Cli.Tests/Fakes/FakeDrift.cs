using Grpc.Core;
using Mlops.Drift.V1;

namespace Mlops.Cli.Tests.Fakes;

/// <summary>A drift service with one closed window whose report has a drifted, a stable and an under-sampled feature.</summary>
public sealed class FakeDrift : DriftService.DriftServiceBase
{
    public const string WindowId = "w-0007";

    public GetDriftReportRequest? LastReportRequest { get; private set; }

    public override Task<DriftReport> GetDriftReport(GetDriftReportRequest request, ServerCallContext context)
    {
        LastReportRequest = request;
        if (request.ModelName != "fashion")
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"No windows for model '{request.ModelName}'."));
        }

        return Task.FromResult(new DriftReport
        {
            Window = new Window { Id = WindowId, ModelName = "fashion", ModelVersion = 3, RecordCount = 512, Closed = true, DriftDetected = true },
            ReferenceDatasetVersion = "sha-dataset-1",
            Correction = "benjamini-hochberg",
            Alpha = 0.05,
            DriftedShare = 0.5,
            DriftShareThreshold = 0.3,
            Verdict = TestVerdict.Drift,
            Summary = "1 of 2 tested features drifted",
            Tests =
            {
                new FeatureTest { Feature = "mean_intensity", Test = "ks", Statistic = 0.4125, PValue = 3.2e-9, AdjustedPValue = 6.4e-9, Verdict = TestVerdict.Drift },
                new FeatureTest { Feature = "edge_energy", Test = "ks", Statistic = 0.0412, PValue = 0.6731, AdjustedPValue = 0.6731, Verdict = TestVerdict.NoDrift },
                new FeatureTest { Feature = "predicted_class", Test = "chi-squared", Verdict = TestVerdict.NotEnoughData },
            },
        });
    }

    public override Task<ListAlertsResponse> ListAlerts(ListAlertsRequest request, ServerCallContext context)
    {
        var response = new ListAlertsResponse
        {
            Alerts = { new Alert { Id = "alert-1", ModelName = "fashion", ModelVersion = 3, ConsecutiveWindows = 2, DriftedFeatures = { "mean_intensity" }, Message = "drift in 2 consecutive windows" } },
        };
        if (request.IncludeAcknowledged)
        {
            response.Alerts.Add(new Alert { Id = "alert-0", ModelName = "fashion", ModelVersion = 2, Acknowledged = true, AcknowledgedBy = "ops" });
        }

        return Task.FromResult(response);
    }
}
