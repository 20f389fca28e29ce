using Google.Protobuf;
using Mlops.Drift.V1;
using Mlops.Imaging;
using Mlops.Inference.V1;
using Mlops.TestSupport;

namespace Mlops.Frontend.Tests;

[Collection(StackCollection.Name)]
public sealed class DriftPageTests(StackFixture stack, BrowserFixture browser)
{
    [Fact]
    public async Task A_window_of_served_predictions_opens_as_a_report_with_a_test_per_feature()
    {
        await PredictSamplesAsync(first: 0, inverted: false);
        await WaitForClosedWindowAsync();

        await using var tab = await BrowserPage.OpenAsync(browser);
        await tab.GotoAsync(stack.FrontendAddress, "/drift", "[data-testid=drift-windows]");
        await tab.WaitForInteractivityAsync();
        await tab.Page.Locator("[data-testid=open-report]").First.ClickAsync();

        var tests = tab.Page.Locator("[data-testid=drift-report] [data-testid=feature-tests] tbody tr");
        await Assertions.Expect(tests.First).ToBeVisibleAsync();
        Assert.True(await tests.CountAsync() >= 2);
        await tab.ScreenshotAsync("drift");
        tab.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_drift_alert_is_acknowledged_from_the_page_and_stays_acknowledged()
    {
        var drift = new DriftService.DriftServiceClient(stack.Channel("drift"));
        // Inverted images (dark clothes on white) are nothing like the training data: their window drifts and raises an alert.
        await PredictSamplesAsync(first: 100, inverted: true);
        var alert = await WaitForOpenAlertAsync(drift);

        await using var tab = await BrowserPage.OpenAsync(browser);
        await tab.GotoAsync(stack.FrontendAddress, "/drift", "[data-testid=alerts]");
        await tab.WaitForInteractivityAsync();
        var row = tab.Page.Locator($"[data-testid=alerts] tr[data-alert-id='{alert.Id}']");
        await row.Locator("[data-testid=acknowledge-alert]").ClickAsync();

        await Assertions.Expect(row).ToContainTextAsync("acknowledged by frontend");
        await Assertions.Expect(row.Locator("[data-testid=acknowledge-alert]")).ToHaveCountAsync(0);
        var stored = (await drift.ListAlertsAsync(new ListAlertsRequest { IncludeAcknowledged = true })).Alerts.Single(found => found.Id == alert.Id);
        Assert.True(stored.Acknowledged);
        Assert.Equal("frontend", stored.AcknowledgedBy);
        Assert.DoesNotContain((await drift.ListAlertsAsync(new ListAlertsRequest())).Alerts, open => open.Id == alert.Id);
        await tab.ScreenshotAsync("drift-alert-acknowledged");
        tab.AssertNoConsoleErrors();
    }

    private static async Task<Alert> WaitForOpenAlertAsync(DriftService.DriftServiceClient drift)
    {
        var deadline = DateTime.UtcNow + BrowserPage.Patience;
        while (true)
        {
            var open = (await drift.ListAlertsAsync(new ListAlertsRequest())).Alerts;
            if (open.Count > 0)
            {
                return open[0];
            }

            Assert.True(DateTime.UtcNow < deadline, "No drift alert was raised for the inverted images.");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private async Task PredictSamplesAsync(int first, bool inverted)
    {
        // Distinct test images, so none is answered from the cache and each one is recorded for drift.
        var inference = new InferenceService.InferenceServiceClient(stack.Channel("inference"));
        var images = IdxReader.ReadImages(Path.Combine(RepositoryLayout.FashionMnistSampleFolder, FashionMnist.TestImagesFile));
        for (var index = first; index < first + (2 * StackFixture.DriftWindowSize); index++)
        {
            var pixels = images.GetImage(index).ToArray();
            if (inverted)
            {
                for (var i = 0; i < pixels.Length; i++)
                {
                    pixels[i] = (byte)(255 - pixels[i]);
                }
            }

            var png = ImageEncoder.EncodePng(pixels, images.Height, images.Width);
            await inference.PredictAsync(new PredictRequest { Image = new ImageInput { Encoded = ByteString.CopyFrom(png) } });
        }
    }

    private async Task WaitForClosedWindowAsync()
    {
        var drift = new DriftService.DriftServiceClient(stack.Channel("drift"));
        var deadline = DateTime.UtcNow + BrowserPage.Patience;
        while (!(await drift.ListWindowsAsync(new ListWindowsRequest())).Windows.Any(window => window.Closed))
        {
            Assert.True(DateTime.UtcNow < deadline, "No drift window closed with the predictions' records.");
            // Inference ships records to drift in batches; poll until a window fills up.
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }
}
