using System.Globalization;

namespace Mlops.Soak.Benchmarks;

public sealed record SoakOptions(TimeSpan Duration, TimeSpan Interval, int Workers, TimeSpan ImportEvery, string? Csv)
{
    public static SoakOptions Parse(string[] args)
    {
        var options = new SoakOptions(TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(15), 4, TimeSpan.FromSeconds(5), null);
        for (var index = 0; index + 1 < args.Length; index += 2)
        {
            var value = args[index + 1];
            options = args[index] switch
            {
                "--duration" => options with { Duration = Time(value) },
                "--interval" => options with { Interval = Time(value) },
                "--workers" => options with { Workers = int.Parse(value, CultureInfo.InvariantCulture) },
                "--import-every" => options with { ImportEvery = Time(value) },
                "--csv" => options with { Csv = value },
                _ => throw new ArgumentException($"Unknown option {args[index]}; use --duration, --interval, --workers, --import-every, --csv."),
            };
        }

        return options;
    }

    /// <summary>"90s", "10m", "1h".</summary>
    private static TimeSpan Time(string text)
    {
        var amount = double.Parse(text[..^1], CultureInfo.InvariantCulture);
        return text[^1] switch
        {
            's' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMinutes(amount),
            'h' => TimeSpan.FromHours(amount),
            _ => throw new ArgumentException($"A time is a number and s, m or h: '{text}'."),
        };
    }
}
