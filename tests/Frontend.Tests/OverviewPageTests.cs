namespace Mlops.Frontend.Tests;

[Collection(StackCollection.Name)]
public sealed class OverviewPageTests(StackFixture stack, BrowserFixture browser)
{
    [Fact]
    public async Task Shows_every_service_healthy_the_production_model_and_recent_jobs()
    {
        await using var tab = await BrowserPage.OpenAsync(browser);
        await tab.GotoAsync(stack.FrontendAddress, "/", "[data-testid=service-health]");

        var health = tab.Page.Locator("[data-testid=service-health]");
        foreach (var service in new[] { "ingestion", "training", "registry", "inference", "drift" })
        {
            await Assertions.Expect(health.Locator("tr", new() { HasText = service })).ToContainTextAsync("healthy");
        }

        await Assertions.Expect(tab.Page.Locator("[data-testid=production-model]")).ToContainTextAsync($"{StackFixture.ModelName} version 1");
        await Assertions.Expect(tab.Page.GetByText("succeeded").First).ToBeVisibleAsync();
        await tab.ScreenshotAsync("overview");
        tab.AssertNoConsoleErrors();
    }
}
