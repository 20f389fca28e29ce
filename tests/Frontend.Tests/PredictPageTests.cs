using Mlops.Imaging;
using Mlops.TestSupport;

namespace Mlops.Frontend.Tests;

[Collection(StackCollection.Name)]
public sealed class PredictPageTests(StackFixture stack, BrowserFixture browser)
{
    private static string SampleImage(string name) => Path.Combine(RepositoryLayout.Root, "samples", "images", name);

    [Fact]
    public async Task An_uploaded_sample_image_gets_a_class_its_probabilities_the_model_that_answered_and_its_lineage()
    {
        await using var tab = await OpenPredictAsync();

        await tab.Page.Locator("[data-testid=image-input]").SetInputFilesAsync(SampleImage("9-ankle-boot.png"));

        var predicted = tab.Page.Locator("[data-testid=predicted-class]");
        await Assertions.Expect(predicted).ToBeVisibleAsync();
        Assert.Contains(await predicted.InnerTextAsync(), FashionMnist.ClassNames);
        await Assertions.Expect(tab.Page.Locator("[data-testid=answered-by]")).ToContainTextAsync($"model {StackFixture.ModelName}/1");
        await Assertions.Expect(tab.Page.Locator("[data-testid=probabilities] tr")).ToHaveCountAsync(3);

        await tab.Page.Locator("[data-testid=show-lineage]").ClickAsync();
        await Assertions.Expect(tab.Page.Locator("[data-testid=lineage]")).ToContainTextAsync(stack.DatasetVersion);
        await tab.ScreenshotAsync("predict");
        tab.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Many_files_give_a_table_with_a_row_per_file()
    {
        await using var tab = await OpenPredictAsync();

        string[] files = [SampleImage("0-t-shirt-top.png"), SampleImage("1-trouser.png"), SampleImage("7-sneaker.png")];
        await tab.Page.Locator("[data-testid=image-input]").SetInputFilesAsync(files);

        var rows = tab.Page.Locator("[data-testid=batch-results] tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(rows.Filter(new() { HasText = $"{StackFixture.ModelName}/1" })).ToHaveCountAsync(3);
        await tab.ScreenshotAsync("predict-batch");
        tab.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_file_that_is_not_an_image_and_a_30_MB_file_each_get_a_readable_message()
    {
        await using var tab = await OpenPredictAsync();

        await tab.Page.Locator("[data-testid=image-input]").SetInputFilesAsync(new FilePayload
        {
            Name = "notes.png",
            MimeType = "image/png",
            Buffer = "these are words, not pixels"u8.ToArray(),
        });
        await Assertions.Expect(tab.Page.Locator("[data-testid=upload-problem]")).ToContainTextAsync("notes.png is not a PNG or JPEG image");

        // A file on disk: the local browser reads it itself, where a 30 MB buffer would cross the driver's pipe.
        var huge = Path.Combine(Directory.CreateTempSubdirectory("mlops-frontend-upload-").FullName, "huge.png");
        await using (var file = File.Create(huge))
        {
            file.SetLength(30L * 1024 * 1024);
        }

        await tab.Page.Locator("[data-testid=image-input]").SetInputFilesAsync(huge);
        File.Delete(huge);
        await Assertions.Expect(tab.Page.Locator("[data-testid=upload-problem]")).ToContainTextAsync("huge.png is 30.0 MB; images up to 8.0 MB are accepted");
        await Assertions.Expect(tab.Page.Locator("[data-testid=predicted-class]")).ToHaveCountAsync(0);
        await tab.ScreenshotAsync("predict-refused");
        tab.AssertNoConsoleErrors();
    }

    private async Task<BrowserPage> OpenPredictAsync()
    {
        var tab = await BrowserPage.OpenAsync(browser);
        await tab.GotoAsync(stack.FrontendAddress, "/predict", "text=Served:");
        await tab.WaitForInteractivityAsync();
        return tab;
    }
}
