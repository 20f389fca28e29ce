using System.Diagnostics;
using System.Text.Json;
using Grpc.Core;
using Mlops.Drift.V1;
using Mlops.Imaging;
using Mlops.TestSupport;

namespace Mlops.Drift.Tests;

/// <summary>The running Drift service, fed and read over gRPC and HTTP, with its reference built from Registry and Ingestion.</summary>
public sealed class DriftServiceTests(DriftServiceFixture fixture) : IClassFixture<DriftServiceFixture>
{
    [Fact]
    public async Task A_record_stream_of_brighter_images_gives_drift_reports_over_grpc_and_http_and_a_signed_alert()
    {
        var client = fixture.Client;
        using var classifier = DriftStack.Classifier();
        var test = FashionMnistSample.Test;
        var brighter = new Perturbation(PerturbationKind.Brightness, 0.4);
        using var watch = client.WatchAlerts(new WatchAlertsRequest { ModelName = DriftServiceFixture.ModelName });
        await watch.ResponseHeadersAsync;

        using var call = client.Record();
        for (var start = 0; start < 3 * DriftServiceFixture.WindowSize; start += 50)
        {
            var batch = TrafficGenerator.Batch(classifier, test, [.. Enumerable.Range(start, 50)], DriftServiceFixture.ModelName, fixture.ModelVersion, brighter);
            if (start == 0)
            {
                var malformed = batch.Records[0].Clone();
                malformed.Probabilities[0] = float.NaN;
                batch.Records.Add(malformed);
            }

            await call.RequestStream.WriteAsync(batch);
        }

        await call.RequestStream.CompleteAsync();
        var summary = await call;

        Assert.Equal(3 * DriftServiceFixture.WindowSize, summary.Accepted);
        Assert.Equal(1, summary.Rejected);
        Assert.Contains("probability is negative or not a finite number", Assert.Single(summary.RejectionReasons));

        var windows = await client.ListWindowsAsync(new ListWindowsRequest { ModelName = DriftServiceFixture.ModelName, ModelVersion = fixture.ModelVersion });
        Assert.Equal(3, windows.Windows.Count(window => window.Closed && window.DriftDetected));

        var latest = await client.GetDriftReportAsync(new GetDriftReportRequest { ModelName = DriftServiceFixture.ModelName, ModelVersion = fixture.ModelVersion });
        Assert.Equal(TestVerdict.Drift, latest.Verdict);
        Assert.Equal(fixture.DatasetVersion, latest.ReferenceDatasetVersion);
        Assert.Equal(ImageFeatures.Count + 10 + 1, latest.Tests.Count);
        Assert.Equal(DriftServiceFixture.WindowSize, latest.Window.RecordCount);

        using var http = new HttpClient { BaseAddress = fixture.Drift.HttpAddress };
        var html = await http.GetStringAsync($"/reports/{DriftServiceFixture.ModelName}/{fixture.ModelVersion}/latest.html");
        Assert.Contains(latest.Window.Id, html);
        Assert.Equal(latest.Tests.Count, html.Split("<svg ").Length - 1);
        using var json = JsonDocument.Parse(await http.GetStringAsync($"/reports/{DriftServiceFixture.ModelName}/{fixture.ModelVersion}/{latest.Window.Id}.json"));
        Assert.Equal("TEST_VERDICT_DRIFT", json.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(latest.Tests.Count, json.RootElement.GetProperty("tests").GetArrayLength());
        var missing = await http.GetAsync($"/reports/{DriftServiceFixture.ModelName}/{fixture.ModelVersion}/no-such-window.json");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);

        // Two drifted windows in a row raise one alert; the third continues the same run.
        var alerts = await client.ListAlertsAsync(new ListAlertsRequest { ModelName = DriftServiceFixture.ModelName });
        Assert.True(alerts.Alerts.Count == 1, $"{alerts.Alerts.Count} alerts; the service said:\n{fixture.Drift.Output}");
        var alert = alerts.Alerts[0];
        Assert.Equal(2, alert.ConsecutiveWindows);
        // Generous for a loaded machine; the alert was raised before ListAlerts answered, so it normally arrives at once.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        Assert.True(await watch.ResponseStream.MoveNext(timeout.Token));
        Assert.Equal(alert.Id, watch.ResponseStream.Current.Id);

        // The live receiver gets the signed alert although the other configured receiver is down.
        var clock = Stopwatch.StartNew();
        while (fixture.Receiver.Received.IsEmpty && clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            await Task.Delay(50);
        }

        Assert.True(fixture.Receiver.Received.Count == 1, $"{fixture.Receiver.Received.Count} webhook calls; the service said:\n{fixture.Drift.Output}");
        Assert.True(fixture.Receiver.Received.TryPeek(out var received));
        Assert.True(received.SignatureValid);
        Assert.Contains(alert.Id, received.Body);

        var acknowledged = await client.AcknowledgeAlertAsync(new AcknowledgeAlertRequest { AlertId = alert.Id, AcknowledgedBy = "tester" });
        Assert.True(acknowledged.Acknowledged);
        Assert.Empty((await client.ListAlertsAsync(new ListAlertsRequest { ModelName = DriftServiceFixture.ModelName })).Alerts);
    }

    [Fact]
    public async Task Records_for_an_unknown_model_version_only_are_refused_with_not_found()
    {
        using var classifier = DriftStack.Classifier();
        using var call = fixture.Client.Record();
        await call.RequestStream.WriteAsync(TrafficGenerator.Batch(classifier, FashionMnistSample.Test, [0, 1], DriftServiceFixture.ModelName, 42));
        await call.RequestStream.CompleteAsync();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await call);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains($"model {DriftServiceFixture.ModelName}/42 is not registered", error.Status.Detail);
    }

    [Fact]
    public async Task A_batch_with_more_model_lineage_than_the_limit_is_refused_naming_the_limit()
    {
        var lineage = Enumerable.Range(1, RecordBatchLimits.MaxModels + 1).Select(version => Lineage(version, fixture.DatasetVersion));

        var error = await RefusedWithLineageAsync([.. lineage]);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains($"at most {RecordBatchLimits.MaxModels}", error.Status.Detail);
    }

    [Fact]
    public async Task A_batch_whose_lineage_holds_an_oversized_text_is_refused_naming_the_field_and_the_limit()
    {
        var error = await RefusedWithLineageAsync(Lineage(fixture.ModelVersion, new string('d', 100_000)));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains($"dataset_version_id is 100000 characters; at most {RecordBatchLimits.MaxTextChars}", error.Status.Detail);
    }

    [Fact]
    public async Task A_report_that_does_not_exist_is_not_found_and_a_request_without_a_model_is_invalid()
    {
        var notFound = await Assert.ThrowsAsync<RpcException>(async () => await fixture.Client.GetDriftReportAsync(
            new GetDriftReportRequest { ModelName = DriftServiceFixture.ModelName, ModelVersion = fixture.ModelVersion, WindowId = "nope" }));
        var invalid = await Assert.ThrowsAsync<RpcException>(async () => await fixture.Client.GetDriftReportAsync(new GetDriftReportRequest()));

        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
    }

    [Fact]
    public async Task The_robustness_check_runs_against_the_registered_model_and_its_test_split()
    {
        var request = new RobustnessCheckRequest { Model = $"{DriftServiceFixture.ModelName}/{fixture.ModelVersion}", MaxSamples = 300 };
        request.Perturbations.Add("brightness");
        request.Strengths.AddRange([0.0, 0.4]);

        var report = await fixture.Client.RunRobustnessCheckAsync(request);

        Assert.Equal(300, report.Samples);
        Assert.Equal(2, report.Results.Count);
        Assert.False(report.Results[0].DriftDetected);
        Assert.True(report.Results[1].DriftDetected);
    }

    private static ModelLineage Lineage(int version, string datasetVersionId) =>
        new() { ModelName = DriftServiceFixture.ModelName, ModelVersion = version, DatasetVersionId = datasetVersionId };

    /// <summary>The status of a Record call whose one batch (two good records) carries <paramref name="lineage"/>.</summary>
    private async Task<RpcException> RefusedWithLineageAsync(params ModelLineage[] lineage)
    {
        using var classifier = DriftStack.Classifier();
        var batch = TrafficGenerator.Batch(classifier, FashionMnistSample.Test, [0, 1], DriftServiceFixture.ModelName, fixture.ModelVersion);
        batch.Models.AddRange(lineage);
        using var call = fixture.Client.Record();
        try
        {
            await call.RequestStream.WriteAsync(batch);
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The service may end the call before the stream is completed; the status is read below.
        }

        return await Assert.ThrowsAsync<RpcException>(async () => await call);
    }
}
