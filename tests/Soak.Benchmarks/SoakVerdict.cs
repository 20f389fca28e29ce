using System.Globalization;

namespace Mlops.Soak.Benchmarks;

/// <summary>
/// Whether one service stayed flat: compared from the first sample after a quarter of the run (warm: JIT, pools, caches
/// and the first drift windows are in place) to the last. Flat means resident memory grew by less than 20 % (and the
/// upper half of the run's samples grew less than 10 % over the lower half) and open handles by at most 10 % plus 10.
/// </summary>
public sealed record SoakVerdict(string Service, ProcessSample Warm, ProcessSample End, long MaxRssKib, double SecondHalfGrowth)
{
    public const string Header = "| service | RSS warm → end (MiB) | max | growth | 2nd-half growth | open fds warm → end | threads warm → end | flat |\n|---|---|---|---|---|---|---|---|";

    public double RssGrowth => (double)(End.RssKib - Warm.RssKib) / Warm.RssKib;

    public bool Flat => RssGrowth < 0.20 && SecondHalfGrowth < 0.10 && End.OpenHandles <= Warm.OpenHandles * 1.1 + 10;

    public string Row => string.Create(CultureInfo.InvariantCulture,
        $"| {Service} | {Warm.RssKib / 1024.0:0} → {End.RssKib / 1024.0:0} | {MaxRssKib / 1024.0:0} | {RssGrowth:+0.0%;-0.0%} | {SecondHalfGrowth:+0.0%;-0.0%} | {Warm.OpenHandles} → {End.OpenHandles} | {Warm.Threads} → {End.Threads} | {(Flat ? "yes" : "NO")} |");

    public static List<SoakVerdict> Of(IReadOnlyList<ProcessSample> samples, TimeSpan duration) =>
        [.. samples.GroupBy(sample => sample.Service).Select(service =>
        {
            var ordered = service.OrderBy(sample => sample.At).ToList();
            var warm = ordered.FirstOrDefault(sample => sample.At >= duration / 4) ?? ordered[0];
            var afterWarm = ordered.Where(sample => sample.At >= warm.At).ToList();
            var half = afterWarm.Count / 2;
            var secondHalfGrowth = half == 0 ? 0
                : (afterWarm.Skip(half).Average(sample => (double)sample.RssKib) - afterWarm.Take(half).Average(sample => (double)sample.RssKib)) / afterWarm.Take(half).Average(sample => (double)sample.RssKib);
            return new SoakVerdict(service.Key, warm, ordered[^1], ordered.Max(sample => sample.RssKib), secondHalfGrowth);
        })];
}
