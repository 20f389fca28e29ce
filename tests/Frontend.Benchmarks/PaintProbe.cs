using Microsoft.Playwright;

namespace Mlops.Frontend.Benchmarks;

/// <summary>Loads a page in a fresh browser context (no cache, no circuit) and reads its paint timings.</summary>
public sealed class PaintProbe(IBrowser browser, Uri frontend)
{
    // Installed before the page's first byte: notes when the content selector first matches (the data is in the DOM, painted
    // in the next frame) and keeps the latest largest-contentful-paint entry, without any round trip to the test driver.
    private const string Watcher = """
        (selector) => {
            window.__contentInDom = -1;
            window.__largestPaint = -1;
            new PerformanceObserver(list => {
                for (const entry of list.getEntries()) window.__largestPaint = entry.startTime;
            }).observe({ type: 'largest-contentful-paint', buffered: true });
            const check = observer => {
                if (window.__contentInDom < 0 && document.querySelector(selector)) {
                    window.__contentInDom = performance.now();
                    observer?.disconnect();
                }
            };
            new MutationObserver((_, observer) => check(observer)).observe(document, { childList: true, subtree: true });
        }
        """;

    private const string Timings = """
        () => {
            const navigation = performance.getEntriesByType('navigation')[0];
            const paint = performance.getEntriesByName('first-contentful-paint')[0];
            return [navigation.responseStart, paint ? paint.startTime : -1, navigation.domContentLoadedEventEnd, window.__contentInDom, window.__largestPaint];
        }
        """;

    /// <param name="contentSelector">A CSS selector that matches once the page has its data (a table, a result): the "meaningful" part.</param>
    public async Task<PageTiming> LoadAsync(string path, string contentSelector)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        await context.AddInitScriptAsync($"({Watcher})({System.Text.Json.JsonSerializer.Serialize(contentSelector)})");
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(frontend, path).ToString(), new PageGotoOptions { Timeout = 120_000 });
        try
        {
            await page.WaitForFunctionAsync("() => window.__contentInDom >= 0", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        }
        catch (TimeoutException)
        {
            // Reported as -1: the paint figures still count.
        }

        // Paint entries are reported a frame after the paint.
        await page.WaitForFunctionAsync("() => performance.getEntriesByName('first-contentful-paint').length > 0", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        try
        {
            await page.WaitForFunctionAsync("() => window.__largestPaint >= window.__contentInDom", null, new PageWaitForFunctionOptions { Timeout = 5_000 });
        }
        catch (TimeoutException)
        {
            // The largest paint was something painted before the data (a heading, the navigation): reported as it is.
        }

        var values = await page.EvaluateAsync<double[]>(Timings);
        return new PageTiming(path, values[0], values[1], values[2], values[3], values[4]);
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
