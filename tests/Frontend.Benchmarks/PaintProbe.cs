using Microsoft.Playwright;

namespace Mlops.Frontend.Benchmarks;

/// <summary>Loads a page in a fresh browser context (no cache, no circuit) and reads its paint timings.</summary>
public sealed class PaintProbe(IBrowser browser, Uri frontend)
{
    private const string Timings = """
        () => {
            const navigation = performance.getEntriesByType('navigation')[0];
            const paint = performance.getEntriesByName('first-contentful-paint')[0];
            return [navigation.responseStart, paint ? paint.startTime : -1, navigation.domContentLoadedEventEnd, performance.now()];
        }
        """;

    /// <param name="contentSelector">What shows once the page has its data (a table, a result), the "meaningful" part.</param>
    public async Task<PageTiming> LoadAsync(string path, string contentSelector)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(frontend, path).ToString(), new PageGotoOptions { Timeout = 120_000 });
        var contentShown = true;
        try
        {
            await page.Locator(contentSelector).First.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        }
        catch (TimeoutException)
        {
            // Reported as -1: the paint figures still count.
            contentShown = false;
        }

        // First contentful paint is reported a frame after it happens.
        await page.WaitForFunctionAsync("() => performance.getEntriesByName('first-contentful-paint').length > 0", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        var values = await page.EvaluateAsync<double[]>(Timings);
        return new PageTiming(path, values[0], values[1], values[2], contentShown ? values[3] : -1);
    }

    /// <summary>The first link on a list page whose address starts with the prefix (a run, a job), to time a detail page.</summary>
    public async Task<string?> FirstLinkAsync(string listPath, string prefix, string contentSelector)
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(frontend, listPath).ToString(), new PageGotoOptions { Timeout = 120_000 });
        try
        {
            await page.Locator(contentSelector).First.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        }
        catch (TimeoutException)
        {
            return null;
        }

        var links = await page.Locator($"a[href^='{prefix}']").EvaluateAllAsync<string[]>("links => links.map(link => link.getAttribute('href'))");
        return links.FirstOrDefault(link => link.Length > prefix.Length);
    }
}
