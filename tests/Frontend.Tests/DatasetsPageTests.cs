namespace Mlops.Frontend.Tests;

[Collection(StackCollection.Name)]
public sealed class DatasetsPageTests(StackFixture stack, BrowserFixture browser)
{
    [Fact]
    public async Task A_version_shows_its_counts_sample_images_per_class_profile_and_exports_as_a_zip()
    {
        await using var tab = await BrowserPage.OpenAsync(browser);
        await tab.GotoAsync(stack.FrontendAddress, "/datasets", "[data-testid=dataset-versions]");
        await tab.WaitForInteractivityAsync();

        await tab.Page.GetByRole(AriaRole.Link, new() { Name = stack.DatasetVersion[..12] }).ClickAsync();

        await Assertions.Expect(tab.Page.Locator("[data-testid=class-counts] tbody tr")).ToHaveCountAsync(10);
        await Assertions.Expect(tab.Page.Locator("[data-testid=sample-grid] img").First).ToBeVisibleAsync();
        Assert.True(await tab.Page.Locator("[data-testid=sample-grid] img").CountAsync() >= 10);
        await Assertions.Expect(tab.Page.Locator("[data-testid=profile]")).ToBeVisibleAsync();
        await tab.ScreenshotAsync("datasets");

        var export = await tab.Page.APIRequest.GetAsync(new Uri(stack.FrontendAddress, $"/datasets/{stack.DatasetVersion}/export").ToString());
        Assert.Equal(200, export.Status);
        Assert.Equal("application/zip", export.Headers["content-type"]);
        var zip = await export.BodyAsync();
        Assert.Equal("PK"u8.ToArray(), zip[..2]);
        tab.AssertNoConsoleErrors();
    }
}
