namespace Mlops.Frontend.Tests;

[Collection(StackCollection.Name)]
public sealed class ModelsPageTests(StackFixture stack, BrowserFixture browser)
{
    [Fact]
    public async Task Promoting_the_production_version_again_shows_the_gate_table_that_passed()
    {
        await using var tab = await OpenModelsAsync();

        await tab.Page.Locator("[data-testid=promote-1]").ClickAsync();

        await Assertions.Expect(tab.Page.Locator("[data-testid=promotion-message]")).ToContainTextAsync("to version 1");
        await Assertions.Expect(tab.Page.Locator("[data-testid=promotion-outcome] [data-testid=gate-table]")).ToContainTextAsync("min_accuracy");
        await Assertions.Expect(tab.Page.Locator("[data-testid=alias-history]")).ToContainTextAsync("production");
        await tab.ScreenshotAsync("models");
        tab.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_promotion_the_gate_refuses_shows_why_and_production_stays()
    {
        await using var tab = await OpenModelsAsync();

        await tab.Page.Locator("[data-testid=promote-2]").ClickAsync();

        await Assertions.Expect(tab.Page.Locator("[data-testid=promotion-message]")).ToContainTextAsync("The gate refused fashion/2");
        var gate = tab.Page.Locator("[data-testid=promotion-outcome] [data-testid=gate-table]");
        await Assertions.Expect(gate.Locator("tr", new() { HasText = "max_accuracy_drop_vs_production" })).ToContainTextAsync("failed");
        var models = await stack.Registry.ListModelsAsync(new Registry.V1.ListModelsRequest());
        Assert.Equal(1, models.Models.Single(model => model.Name == StackFixture.ModelName).Aliases["production"]);
        await tab.ScreenshotAsync("models-refused");
        tab.AssertNoConsoleErrors();
    }

    private async Task<BrowserPage> OpenModelsAsync()
    {
        var tab = await BrowserPage.OpenAsync(browser);
        await tab.GotoAsync(stack.FrontendAddress, $"/models/{StackFixture.ModelName}", "[data-testid=model-versions]");
        await tab.WaitForInteractivityAsync();
        return tab;
    }
}
