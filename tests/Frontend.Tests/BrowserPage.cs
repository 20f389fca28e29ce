using System.Globalization;
using System.Text.RegularExpressions;

namespace Mlops.Frontend.Tests;

/// <summary>One browser tab on the frontend that remembers every console error and uncaught exception the page produced.</summary>
public sealed class BrowserPage : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly IBrowserContext context;
    private readonly List<string> errors = [];

    private BrowserPage(IBrowserContext context, IPage page)
    {
        this.context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors)
                {
                    errors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add(error);
            }
        };
    }

    public IPage Page { get; }

    public static async Task<BrowserPage> OpenAsync(BrowserFixture browser)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        context.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        return new BrowserPage(context, await context.NewPageAsync());
    }

    /// <summary>
    /// Opens a page and waits until its main content (the selector) shows, then until the page is interactive; records first
    /// contentful paint and the moment the content was seen, from the page's own performance clock, as a benchmark figure
    /// (never asserted).
    /// </summary>
    public async Task GotoAsync(Uri frontend, string path, string contentSelector)
    {
        await Page.GotoAsync(new Uri(frontend, path).ToString());
        await Page.Locator(contentSelector).First.WaitForAsync();
        var timings = await Page.EvaluateAsync<double[]>(
            "() => [performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1, performance.now()]");
        var line = string.Create(CultureInfo.InvariantCulture, $"{path}\t{timings[0]:F0}\t{timings[1]:F0}\n");
        await File.AppendAllTextAsync(Path.Combine(BrowserFixture.ArtifactFolder, "paint-timings.tsv"), line);

        // The data is in the prerendered page before the circuit starts; clicks before then would reach no one.
        await WaitForInteractivityAsync();
    }

    /// <summary>Waits until the Blazor circuit is connected, so clicks and uploads reach the server.</summary>
    public Task WaitForInteractivityAsync() =>
        Page.Locator("[data-interactive=true]").WaitForAsync();

    /// <summary>
    /// Waits for the page to move to an address; if it never does, fails with what the page shows instead (its alerts and
    /// Blazor's error bar) and a screenshot, so a refused submit is named rather than timed out.
    /// </summary>
    public async Task WaitForAddressAsync(string pattern, string screenshotName)
    {
        try
        {
            await Page.WaitForURLAsync(new Regex(pattern));
        }
        catch (TimeoutException)
        {
            await ScreenshotAsync(screenshotName + "-stuck");
            var shown = await Page.Locator(".mud-alert, #blazor-error-ui, [data-testid=config-problems]").AllInnerTextsAsync();
            throw new Xunit.Sdk.XunitException($"The page stayed at {Page.Url} instead of moving to {pattern}; it shows: " +
                string.Join(" | ", shown.Where(text => !string.IsNullOrWhiteSpace(text))));
        }
    }

    public Task ScreenshotAsync(string name) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactFolder, $"{name}.png"), FullPage = true });

    public void AssertNoConsoleErrors()
    {
        lock (errors)
        {
            Assert.True(errors.Count == 0, "The page wrote errors to the console:\n" + string.Join("\n", errors));
        }
    }

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
