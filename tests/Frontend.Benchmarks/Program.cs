using System.Globalization;
using Microsoft.Playwright;
using Mlops.Frontend.Benchmarks;

// Times first paint of every frontend page in headless Chromium against a running stack:
//   dotnet run -c Release --project tests/Frontend.Benchmarks -- [frontend-url] [rounds]
// Each load is a fresh browser context (a first visit: no cache, no circuit); figures are medians over the rounds.
var frontend = new Uri(args.Length > 0 ? args[0] : "http://127.0.0.1:5001");
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = "/usr/bin/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
});
var probe = new PaintProbe(browser, frontend);

// Path and the selector that shows the page has its data.
var pages = new List<(string Path, string Content)>
{
    ("/", "[data-testid=service-health]"),
    ("/predict", "[data-testid=empty], [data-testid=served]"),
    ("/datasets", "[data-testid=dataset-versions]"),
    ("/runs", "[data-testid=runs]"),
    ("/jobs", "[data-testid=jobs]"),
    ("/models", "a[href^='models/']"),
    ("/drift", "[data-testid=drift-windows], [data-testid=empty]"),
};
foreach (var (list, prefix, content) in new[]
{
    ("/runs", "runs/", "[data-testid=run-summary]"),
    ("/jobs", "jobs/", "[data-testid=job-progress]"),
    ("/models", "models/", "[data-testid=model-versions]"),
    ("/datasets", "datasets/", "[data-testid=class-counts]"),
})
{
    if (await probe.FirstLinkAsync(list, prefix, pages.First(page => page.Path == list).Content) is { } detail)
    {
        pages.Add(("/" + detail.TrimStart('/'), content));
    }
}

// One unmeasured pass: the server's JIT and the page's first circuit are not what a user opening the page sees twice.
foreach (var (path, content) in pages)
{
    await probe.LoadAsync(path, content);
}

var timings = new List<PageTiming>();
for (var round = 0; round < rounds; round++)
{
    foreach (var (path, content) in pages)
    {
        timings.Add(await probe.LoadAsync(path, content));
    }
}

Console.WriteLine($"{rounds} rounds against {frontend}; load average {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine("| page | first byte (ms) | first contentful paint (ms) | DOM content loaded (ms) | data in the DOM (ms) | largest contentful paint (ms) |");
Console.WriteLine("|------|---:|---:|---:|---:|---:|");
foreach (var group in timings.GroupBy(timing => timing.Path))
{
    static string Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2].ToString("F0", CultureInfo.InvariantCulture);
    }

    Console.WriteLine($"| `{group.Key}` | {Median(group.Select(t => t.FirstByte))} | {Median(group.Select(t => t.FirstContentfulPaint))} | " +
        $"{Median(group.Select(t => t.DomContentLoaded))} | {Median(group.Select(t => t.ContentInDom))} | {Median(group.Select(t => t.LargestContentfulPaint))} |");
}
