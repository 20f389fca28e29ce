using System.Diagnostics;
using System.Globalization;
using Mlops.Modeling.Tests;

namespace Mlops.Modeling.Benchmarks;

/// <summary>
/// Process CPU seconds of one training epoch for two configs, alternating in one process so the machine's load
/// weighs on both alike; the figure to compare a candidate's epoch with a baseline's. Usage:
/// <c>epochcost a="config=default" b="config=default model.conv_channels=[24,48,96]" [train_images=12000] [rounds=3]</c>.
/// Each run trains 1 epoch on the first train_images training images and validates on 1000; round 0 (JIT, first
/// allocations) is printed but left out of the median.
/// </summary>
internal static class EpochCostBenchmark
{
    public static void Run(IReadOnlyList<string> args)
    {
        var own = args.Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var trainImages = own.TryGetValue("train_images", out var t) ? int.Parse(t, CultureInfo.InvariantCulture) : 12000;
        var rounds = own.TryGetValue("rounds", out var r) ? int.Parse(r, CultureInfo.InvariantCulture) : 3;
        var variants = new[] { "a", "b" }.Select(name =>
        {
            var parsed = BenchmarkArguments.Parse(own[name].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            return (Name: name, parsed.Config, Options: parsed.Options with { Epochs = 1, EarlyStoppingPatience = 0 }, parsed.ConfigSource);
        }).ToArray();

        var (train, validation) = FashionMnist.Train.Split(0.1, 1);
        train = train.Take(trainImages);
        validation = validation.Take(1000);
        foreach (var v in variants)
        {
            Console.WriteLine($"{v.Name}: {v.ConfigSource ?? "(key=value arguments)"}; network {v.Config}");
        }

        Console.WriteLine($"1 epoch of {train.Count} images + validation on {validation.Count}, {rounds} round(s) after a warm-up round, alternating");
        var cpu = variants.ToDictionary(v => v.Name, _ => new List<double>());
        for (var round = 0; round <= rounds; round++)
        {
            foreach (var v in variants)
            {
                var before = Process.GetCurrentProcess().TotalProcessorTime;
                var wall = Stopwatch.StartNew();
                var result = new CnnTrainer(v.Config, v.Options).Train(train, validation);
                result.Model.Dispose();
                var seconds = (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds;
                if (round > 0)
                {
                    cpu[v.Name].Add(seconds);
                }

                Console.WriteLine($"round {round}{(round == 0 ? " (warm-up)" : "")} {v.Name}: CPU {seconds:F1} s, wall {wall.Elapsed.TotalSeconds:F1} s, " +
                                  $"load {EpochPrinter.LoadAverage()}");
            }
        }

        var medianA = Median(cpu["a"]);
        var medianB = Median(cpu["b"]);
        Console.WriteLine($"median CPU s per epoch of {train.Count} images: a {medianA:F1}, b {medianB:F1}; b/a {medianB / medianA:F3}; " +
                          $"per-round b/a {string.Join(", ", cpu["a"].Zip(cpu["b"], (a, b) => (b / a).ToString("F3", CultureInfo.InvariantCulture)))}");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
