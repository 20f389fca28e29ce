namespace Mlops.Frontend.Tests;

[Collection(StackCollection.Name)]
public sealed class RunsPageTests(StackFixture stack, BrowserFixture browser)
{
    [Fact]
    public async Task Runs_are_listed_a_run_shows_its_curves_and_confusion_matrix_and_two_runs_compare()
    {
        await using var tab = await BrowserPage.OpenAsync(browser);
        await tab.GotoAsync(stack.FrontendAddress, "/runs", "[data-testid=runs]");
        await tab.WaitForInteractivityAsync();
        var rows = tab.Page.Locator("[data-testid=runs] tbody tr");
        await Assertions.Expect(rows.Nth(1)).ToBeVisibleAsync();

        await rows.Nth(0).Locator("input[type=checkbox]").CheckAsync();
        await rows.Nth(1).Locator("input[type=checkbox]").CheckAsync();
        await tab.ScreenshotAsync("runs");
        await tab.Page.Locator("[data-testid=compare-runs]").ClickAsync();
        await Assertions.Expect(tab.Page.Locator("[data-testid=compared-metrics]")).ToContainTextAsync("val_accuracy");
        await tab.ScreenshotAsync("runs-compare");

        await tab.GotoAsync(stack.FrontendAddress, $"/runs/{stack.FirstRunId}", "[data-testid=run-summary]");
        await Assertions.Expect(tab.Page.Locator("[data-testid=confusion-matrix] tbody tr")).ToHaveCountAsync(10);
        await Assertions.Expect(tab.Page.Locator("[data-testid=run-metrics]")).ToContainTextAsync("val_accuracy");
        await tab.ScreenshotAsync("run");
        tab.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task The_runs_page_arrives_with_its_runs_in_the_html_before_any_circuit_starts()
    {
        using var http = new HttpClient { BaseAddress = stack.FrontendAddress, Timeout = BrowserPage.Patience };

        var html = await http.GetStringAsync("/runs");

        Assert.Contains($"runs/{stack.FirstRunId}", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"runs\"", html, StringComparison.Ordinal);
    }
}
