using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Mlops.Drift.Alerts;
using Mlops.Drift.Grpc;
using Mlops.Drift.Model;
using Mlops.Drift.Monitoring;
using Mlops.Imaging;
using Mlops.TestSupport;
using Mlops.Webhooks;
using Xunit.Abstractions;

namespace Mlops.Drift.Tests;

/// <summary>Decisions on real traffic: Fashion-MNIST images from the shipped sample through a real ONNX classifier.</summary>
public sealed class DriftDecisionTests(ITestOutputHelper output)
{
    private const int WindowSize = 200;

    [Fact]
    public async Task Records_from_the_reference_distribution_rarely_raise_drift()
    {
        // The reference is the sample's test split; live traffic is its training split, a disjoint draw from the same distribution.
        using var stack = new DriftStack(options =>
        {
            options.Window.Size = WindowSize;
            options.Alerts.ConsecutiveWindows = 3;
        });
        using var classifier = DriftStack.Classifier();
        var train = FashionMnistSample.Train;
        var windows = 0;
        for (var seed = 1; seed <= 3; seed++)
        {
            var order = TrafficGenerator.Shuffled(train.Count, seed);
            for (var start = 0; start + WindowSize <= order.Length; start += WindowSize)
            {
                await stack.Monitor.RecordAsync(
                    TrafficGenerator.Batch(classifier, train, order[start..(start + WindowSize)], DriftStack.ModelName, DriftStack.ModelVersion).ToDomain(),
                    CancellationToken.None);
                windows++;
            }
        }

        var reports = stack.Repository.ListWindows(DriftStack.ModelName, DriftStack.ModelVersion, 1000)
            .Select(window => stack.Monitor.GetReport(DriftStack.ModelName, DriftStack.ModelVersion, window.Id)).ToList();
        var falseAlarms = reports.Count(report => report.Verdict == DriftVerdict.Drift);
        var rejectedTests = reports.SelectMany(report => report.Tests).Count(test => test.Verdict == DriftVerdict.Drift);
        var allTests = reports.Sum(report => report.Tests.Count);
        output.WriteLine($"{falseAlarms} of {reports.Count} windows flagged ({(double)falseAlarms / reports.Count:P1}); " +
            $"{rejectedTests} of {allTests} single tests rejected after correction");

        Assert.Equal(windows, reports.Count);
        Assert.All(reports, report => Assert.NotEqual(DriftVerdict.NotEnoughData, report.Verdict));
        // The configured level is alpha = 0.05 per window (BH keeps the chance of any rejection under the global null near alpha).
        Assert.True((double)falseAlarms / reports.Count <= 0.15, $"{falseAlarms} false alarms in {reports.Count} windows");
        Assert.True(falseAlarms < 3 || stack.Repository.ListAlerts(null, true).Count <= falseAlarms / 3);
    }

    [Fact]
    public async Task Brighter_images_are_flagged_in_every_window_and_an_alert_fires_after_the_configured_run()
    {
        var webhookLog = new InMemoryWebhookDeliveryLog();
        var webhookQueue = new WebhookQueue(webhookLog, Options.Create(new WebhookOptions { Urls = ["http://127.0.0.1:9/alerts"] }),
            TimeProvider.System, NullLogger<WebhookQueue>.Instance);
        using var stack = new DriftStack(options =>
        {
            options.Window.Size = WindowSize;
            options.Alerts.ConsecutiveWindows = 3;
        }, new WebhookAlertSink(webhookQueue));
        using var watcher = stack.Broadcaster.Subscribe(DriftStack.ModelName);
        long alertsCounted = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == stack.MeterFactory && instrument.Meter.Name == DriftMetrics.MeterName && instrument.Name == "mlops.drift.alerts.raised")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref alertsCounted, value));
        listener.Start();

        using var classifier = DriftStack.Classifier();
        var test = FashionMnistSample.Test;
        var order = TrafficGenerator.Shuffled(test.Count, 7);
        var brighter = new Perturbation(PerturbationKind.Brightness, 0.4);
        var alertsAfterWindow = new List<int>();
        for (var window = 0; window < 5; window++)
        {
            var indices = order[(window * WindowSize)..((window + 1) * WindowSize)];
            await stack.Monitor.RecordAsync(
                TrafficGenerator.Batch(classifier, test, indices, DriftStack.ModelName, DriftStack.ModelVersion, brighter).ToDomain(), CancellationToken.None);
            alertsAfterWindow.Add(stack.Repository.ListAlerts(DriftStack.ModelName, includeAcknowledged: true).Count);
        }

        var reports = stack.Repository.ListWindows(DriftStack.ModelName, DriftStack.ModelVersion, 10)
            .Select(window => stack.Monitor.GetReport(DriftStack.ModelName, DriftStack.ModelVersion, window.Id)).ToList();
        Assert.Equal(5, reports.Count);
        Assert.All(reports, report => Assert.Equal(DriftVerdict.Drift, report.Verdict));
        Assert.All(reports, report => Assert.Equal(DriftVerdict.Drift, report.Tests.Single(t => t.Feature == "mean_intensity").Verdict));
        output.WriteLine(reports[0].Summary);
        // Kept beside the test binaries for a person (or a browser screenshot) to look at.
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "brightness-drift-report.html"), Reports.HtmlReport.Render(reports[0]));

        // One alert when the run reaches three windows, and not another while the same drift goes on.
        Assert.Equal([0, 0, 1, 1, 1], alertsAfterWindow);
        var alert = Assert.Single(stack.Repository.ListAlerts(DriftStack.ModelName, includeAcknowledged: false));
        Assert.Equal(3, alert.ConsecutiveWindows);
        Assert.Contains("mean_intensity", alert.DriftedFeatures);
        Assert.True(watcher.Reader.TryRead(out var watched));
        Assert.Equal(alert.Id, watched.Id);
        Assert.Equal(1, Interlocked.Read(ref alertsCounted));
        var delivery = Assert.Single(webhookLog.All);
        Assert.Contains(alert.Id, System.Text.Encoding.UTF8.GetString(delivery.Body));

        var acknowledged = stack.Monitor.Acknowledge(alert.Id, "on-call");
        Assert.True(acknowledged.Acknowledged);
        Assert.Equal("on-call", acknowledged.AcknowledgedBy);
        Assert.Empty(stack.Repository.ListAlerts(DriftStack.ModelName, includeAcknowledged: false));
        Assert.Single(stack.Repository.ListAlerts(DriftStack.ModelName, includeAcknowledged: true));
    }

    [Fact]
    public async Task A_window_with_too_few_records_says_not_enough_data_and_neither_extends_nor_breaks_a_run()
    {
        using var stack = new DriftStack(options =>
        {
            options.Window.Size = WindowSize;
            options.Window.MaxAge = TimeSpan.FromMinutes(5);
            options.Alerts.ConsecutiveWindows = 2;
        });
        using var classifier = DriftStack.Classifier();
        var test = FashionMnistSample.Test;
        var brighter = new Perturbation(PerturbationKind.Brightness, 0.4);

        await stack.Monitor.RecordAsync(TrafficGenerator.Batch(classifier, test, [.. Enumerable.Range(0, WindowSize)], DriftStack.ModelName, 1, brighter).ToDomain(), default);
        stack.Clock.Advance(TimeSpan.FromSeconds(1));
        await stack.Monitor.RecordAsync(TrafficGenerator.Batch(classifier, test, [.. Enumerable.Range(300, 12)], DriftStack.ModelName, 1, brighter).ToDomain(), default);
        stack.Clock.Advance(TimeSpan.FromMinutes(6));
        await stack.Monitor.CloseExpiredAsync(default);

        var small = stack.Monitor.GetReport(DriftStack.ModelName, 1, null);
        Assert.Equal(12, small.Window.RecordCount);
        Assert.Equal(DriftVerdict.NotEnoughData, small.Verdict);
        Assert.All(small.Tests, test => Assert.Equal(DriftVerdict.NotEnoughData, test.Verdict));
        Assert.All(small.Tests, test => Assert.Equal(0, test.PValue));
        Assert.Contains("not enough data", small.Tests[0].Note);
        Assert.Empty(stack.Repository.ListAlerts(null, true));

        await stack.Monitor.RecordAsync(TrafficGenerator.Batch(classifier, test, [.. Enumerable.Range(400, WindowSize)], DriftStack.ModelName, 1, brighter).ToDomain(), default);
        Assert.Single(stack.Repository.ListAlerts(null, true));
    }
}
