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
        await PredictSamplesAsync();
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

    private async Task PredictSamplesAsync()
    {
        // Distinct test images, so none is answered from the cache and each one is recorded for drift.
        var inference = new InferenceService.InferenceServiceClient(stack.Channel("inference"));
        var images = IdxReader.ReadImages(Path.Combine(RepositoryLayout.FashionMnistSampleFolder, FashionMnist.TestImagesFile));
        for (var index = 0; index < 2 * StackFixture.DriftWindowSize; index++)
        {
            var png = ImageEncoder.EncodePng(images.GetImage(index), images.Height, images.Width);
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
