namespace Mlops.Frontend.Tests;

/// <summary>A frontend whose drift service does not answer: the pages that need drift say so, everything else keeps working.</summary>
[Collection(StackCollection.Name)]
public sealed class ServiceDownTests(StackFixture stack, BrowserFixture browser)
{
    [Fact]
    public async Task With_drift_unreachable_its_pages_say_so_and_the_other_services_still_answer()
    {
        await using var tab = await BrowserPage.OpenAsync(browser);
        var frontend = stack.DegradedFrontendAddress;

        await tab.GotoAsync(frontend, "/", "[data-testid=service-health]");
        var health = tab.Page.Locator("[data-testid=service-health]");
        await Assertions.Expect(health.Locator("tr", new() { HasText = "drift" })).ToContainTextAsync("down");
        await Assertions.Expect(health.Locator("tr", new() { HasText = "drift" })).ToContainTextAsync("The drift service is not reachable");
        foreach (var service in new[] { "ingestion", "training", "registry", "inference" })
        {
            await Assertions.Expect(health.Locator("tr", new() { HasText = service })).ToContainTextAsync("healthy");
        }

        await Assertions.Expect(tab.Page.Locator("[data-testid=production-model]")).ToContainTextAsync($"{StackFixture.ModelName} version 1");
        await tab.ScreenshotAsync("overview-drift-down");

        await tab.GotoAsync(frontend, "/drift", "[data-testid=service-error]");
        await Assertions.Expect(tab.Page.Locator("[data-testid=service-error]").First).ToContainTextAsync("The drift service is not reachable");
        await tab.ScreenshotAsync("drift-down");

        await tab.GotoAsync(frontend, "/predict", "text=Served:");
        await tab.WaitForInteractivityAsync();
        await tab.Page.Locator("[data-testid=image-input]").SetInputFilesAsync(PredictPageTests.SampleImage("1-trouser.png"));
        await Assertions.Expect(tab.Page.Locator("[data-testid=answered-by]")).ToContainTextAsync($"model {StackFixture.ModelName}/1");
        tab.AssertNoConsoleErrors();
    }
}
