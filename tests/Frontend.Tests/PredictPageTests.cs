using System.Globalization;
using Mlops.Imaging;
using Mlops.TestSupport;

namespace Mlops.Frontend.Tests;

[Collection(StackCollection.Name)]
public sealed class PredictPageTests(StackFixture stack, BrowserFixture browser)
{
    public static string SampleImage(string name) => Path.Combine(RepositoryLayout.Root, "samples", "images", name);

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

        var batchedBefore = await ServedImagesAsync("PredictBatch");
        var singlyBefore = await ServedImagesAsync("Predict");

        string[] files = [SampleImage("0-t-shirt-top.png"), SampleImage("1-trouser.png"), SampleImage("7-sneaker.png")];
        await tab.Page.Locator("[data-testid=image-input]").SetInputFilesAsync(files);

        var rows = tab.Page.Locator("[data-testid=batch-results] tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(rows.Filter(new() { HasText = $"{StackFixture.ModelName}/1" })).ToHaveCountAsync(3);
        // The three files went to inference in one PredictBatch call, none through Predict.
        await WaitUntilAsync(async () => await ServedImagesAsync("PredictBatch") >= batchedBefore + 3, "inference counted no batched images");
        Assert.Equal(batchedBefore + 3, await ServedImagesAsync("PredictBatch"));
        Assert.Equal(singlyBefore, await ServedImagesAsync("Predict"));
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

    [Fact]
    public async Task A_shape_drawn_on_the_grid_with_the_mouse_is_predicted()
    {
        await using var tab = await OpenPredictAsync();
        var canvas = tab.Page.Locator("[data-testid=drawing-canvas]");
        var predictDrawing = tab.Page.Locator("[data-testid=predict-drawing]");
        await Assertions.Expect(predictDrawing).ToBeDisabledAsync();

        // A vertical bar down column 14, rows 2 to 25, pressed and dragged as a person would (10 px cells inside a 1 px border).
        var box = (await canvas.BoundingBoxAsync())!;
        await tab.Page.Mouse.MoveAsync(box.X + 145, box.Y + 25);
        await tab.Page.Mouse.DownAsync();
        for (var y = 35; y <= 255; y += 10)
        {
            await tab.Page.Mouse.MoveAsync(box.X + 145, box.Y + y);
        }

        await tab.Page.Mouse.UpAsync();
        var painted = canvas.Locator("div[style*='rgb(255,255,255)']");
        await Assertions.Expect(painted).ToHaveCountAsync(DrawnCells);
        // Moving over the grid with the button up paints nothing.
        await tab.Page.Mouse.MoveAsync(box.X + 40, box.Y + 40);
        await tab.Page.Mouse.MoveAsync(box.X + 60, box.Y + 60);
        await Assertions.Expect(painted).ToHaveCountAsync(DrawnCells);

        await predictDrawing.ClickAsync();
        var predicted = tab.Page.Locator("[data-testid=predicted-class]");
        await Assertions.Expect(predicted).ToBeVisibleAsync();
        Assert.Contains(await predicted.InnerTextAsync(), FashionMnist.ClassNames);
        await Assertions.Expect(tab.Page.GetByText("your drawing")).ToBeVisibleAsync();
        await Assertions.Expect(tab.Page.Locator("[data-testid=answered-by]")).ToContainTextAsync($"model {StackFixture.ModelName}/");
        await tab.ScreenshotAsync("predict-drawing");
        tab.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_corrupt_image_gets_a_message_naming_it_and_the_page_keeps_predicting()
    {
        await using var tab = await OpenPredictAsync();
        // A PNG signature followed by bytes that are no PNG: it passes the page's check, so inference itself refuses it.
        var corrupt = new FilePayload { Name = "corrupt.png", MimeType = "image/png", Buffer = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. "not really a png"u8] };

        await tab.Page.Locator("[data-testid=image-input]").SetInputFilesAsync(corrupt);
        var problem = tab.Page.Locator("[data-testid=upload-problem]");
        await Assertions.Expect(problem).ToContainTextAsync("corrupt.png");
        await Assertions.Expect(problem).ToContainTextAsync("decode");
        await Assertions.Expect(tab.Page.Locator("[data-testid=predicted-class]")).ToHaveCountAsync(0);

        // In a batch, the corrupt file gets its own row with the reason and the good ones are still predicted.
        await tab.Page.Locator("[data-testid=image-input]").SetInputFilesAsync(
        [
            FilePayloadOf("3-dress.png"), corrupt, FilePayloadOf("5-sandal.png"),
        ]);
        var rows = tab.Page.Locator("[data-testid=batch-results] tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("decode");
        await Assertions.Expect(rows.Filter(new() { HasText = $"{StackFixture.ModelName}/1" })).ToHaveCountAsync(2);
        await tab.ScreenshotAsync("predict-corrupt");

        await tab.Page.Locator("[data-testid=image-input]").SetInputFilesAsync(SampleImage("8-bag.png"));
        await Assertions.Expect(tab.Page.Locator("[data-testid=predicted-class]")).ToBeVisibleAsync();
        await Assertions.Expect(tab.Page.Locator("[data-testid=upload-problem]")).ToHaveCountAsync(0);
        tab.AssertNoConsoleErrors();
    }

    // The brush paints full white only where the pointer was: one cell in each of the 24 rows crossed.
    private const int DrawnCells = 24;

    /// <summary>Images inference answered through one API, from its Prometheus counter (mlops.inference.requests).</summary>
    private async Task<double> ServedImagesAsync(string api)
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri(stack.App.GetEndpoint("inference", "http"), "/metrics"));
        return text.Split('\n')
            .Where(line => line.StartsWith("mlops_inference_requests", StringComparison.Ordinal) && line.Contains($"api=\"{api}\"", StringComparison.Ordinal))
            // A sample reads name{labels} value [timestamp].
            .Sum(line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string failure)
    {
        var deadline = DateTime.UtcNow + BrowserPage.Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    private static FilePayload FilePayloadOf(string name) =>
        new() { Name = name, MimeType = "image/png", Buffer = File.ReadAllBytes(SampleImage(name)) };

    private async Task<BrowserPage> OpenPredictAsync()
    {
        var tab = await BrowserPage.OpenAsync(browser);
        await tab.GotoAsync(stack.FrontendAddress, "/predict", "text=Served:");
        await tab.WaitForInteractivityAsync();
        return tab;
    }
}
