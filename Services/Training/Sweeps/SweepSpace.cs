using System.Globalization;
using Mlops.ServiceDefaults;

namespace Mlops.Training.Sweeps;

/// <summary>Turns declared parameters into trials: each trial is a set of key=value overrides.</summary>
public static class SweepSpace
{
    public const int DefaultRandomTrials = 10;

    /// <summary>Most trials one sweep may run; a grid larger than this needs max_trials to pick from it.</summary>
    public const int MaxTrials = 1000;

    public const int MaxParameters = 32;

    public const int MaxKeyChars = 200;

    /// <summary>Most points one parameter contributes (values listed, or grid_points of a range).</summary>
    public const int MaxPointsPerParameter = 1000;

    /// <summary>
    /// Grid: every combination (ranges contribute evenly spaced points), cut at <paramref name="maxTrials"/> when it is positive.
    /// Random: <paramref name="maxTrials"/> draws (10 when 0), the same for the same <paramref name="seed"/>.
    /// </summary>
    /// <exception cref="SweepSpaceException">No parameters, an empty value list, an empty or invalid range, a repeated key.</exception>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Expand(
        IReadOnlyList<ParameterSpace> parameters, SearchStrategy strategy, int maxTrials, int seed)
    {
        Validate(parameters);
        if (maxTrials is < 0 or > MaxTrials)
        {
            throw new SweepSpaceException($"max_trials must be between 0 and {MaxTrials} (the sweep trial limit), got {maxTrials}.");
        }

        return strategy == SearchStrategy.Grid ? Grid(parameters, maxTrials) : Random(parameters, maxTrials > 0 ? maxTrials : DefaultRandomTrials, seed);
    }

    private static void Validate(IReadOnlyList<ParameterSpace> parameters)
    {
        if (parameters.Count == 0)
        {
            throw new SweepSpaceException("The sweep space is empty: declare at least one parameter (a list of values or a range).");
        }

        if (parameters.Count > MaxParameters)
        {
            throw new SweepSpaceException($"A sweep declares at most {MaxParameters} parameters (the sweep parameter limit), not {parameters.Count}.");
        }

        var repeated = parameters.GroupBy(p => p.Key).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new SweepSpaceException($"Parameter '{repeated.Key}' is declared twice.");
        }

        foreach (var p in parameters)
        {
            if (string.IsNullOrWhiteSpace(p.Key))
            {
                throw new SweepSpaceException("Every parameter needs a config key (e.g. optimizer.learning_rate).");
            }

            if (p.Key.Length > MaxKeyChars)
            {
                throw new SweepSpaceException($"Parameter key '{EchoedInput.Of(p.Key)}' is longer than {MaxKeyChars} characters.");
            }

            if (p.Values is { } values)
            {
                if (values.Count == 0)
                {
                    throw new SweepSpaceException($"Parameter '{p.Key}' has an empty list of values.");
                }

                if (values.Count > MaxPointsPerParameter)
                {
                    throw new SweepSpaceException($"Parameter '{p.Key}' lists {values.Count} values; at most {MaxPointsPerParameter} are accepted (the per-parameter point limit).");
                }

                continue;
            }
            if (!double.IsFinite(p.Min) || !double.IsFinite(p.Max) || p.Min > p.Max)
            {
                throw new SweepSpaceException($"Parameter '{p.Key}' has an empty range: min {p.Min} must be at most max {p.Max}.");
            }

            if (p.LogScale && p.Min <= 0)
            {
                throw new SweepSpaceException($"Parameter '{p.Key}' is on a log scale, so its range must be above 0 (min is {p.Min}).");
            }

            if (p.Integer && Math.Ceiling(p.Min) > Math.Floor(p.Max))
            {
                throw new SweepSpaceException($"Parameter '{p.Key}' is an integer but [{p.Min}, {p.Max}] holds no integer.");
            }

            if (p.GridPoints is < 0 or > MaxPointsPerParameter)
            {
                throw new SweepSpaceException($"Parameter '{p.Key}': grid_points must be between 0 and {MaxPointsPerParameter} (the per-parameter point limit), got {p.GridPoints}.");
            }
        }
    }

    /// <summary>
    /// The grid's combinations in order, built one at a time (an odometer over the parameters' points), so taking the
    /// first max_trials never builds the rest; a grid larger than <see cref="MaxTrials"/> needs max_trials.
    /// </summary>
    private static List<IReadOnlyDictionary<string, string>> Grid(IReadOnlyList<ParameterSpace> parameters, int maxTrials)
    {
        var points = parameters.Select(GridPoints).ToList();
        var size = points.Aggregate(System.Numerics.BigInteger.One, (product, p) => product * p.Count);
        if (maxTrials == 0 && size > MaxTrials)
        {
            throw new SweepSpaceException($"The grid holds {size} combinations, more than the sweep trial limit of {MaxTrials}: set max_trials (at most {MaxTrials}) or declare fewer points.");
        }

        var count = (int)System.Numerics.BigInteger.Min(size, maxTrials > 0 ? maxTrials : MaxTrials);
        var trials = new List<IReadOnlyDictionary<string, string>>(count);
        var digits = new int[points.Count];
        for (var t = 0; t < count; t++)
        {
            var trial = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < points.Count; i++)
            {
                trial[parameters[i].Key] = points[i][digits[i]];
            }

            trials.Add(trial);
            for (var i = points.Count - 1; i >= 0 && ++digits[i] == points[i].Count; i--)
            {
                digits[i] = 0;
            }
        }
        return trials;
    }

    private static IReadOnlyList<string> GridPoints(ParameterSpace p)
    {
        if (p.Values is { } values)
        {
            return values;
        }

        var count = p.Min == p.Max ? 1 : p.GridPoints > 0 ? p.GridPoints : ParameterSpace.DefaultGridPoints;
        return Enumerable.Range(0, count)
            .Select(i => count == 1 ? p.Min : Interpolate(p, (double)i / (count - 1)))
            .Select(v => Format(p, v))
            .Distinct()
            .ToList();
    }

    private static List<IReadOnlyDictionary<string, string>> Random(IReadOnlyList<ParameterSpace> parameters, int trials, int seed)
    {
        var random = new Random(seed);
        var result = new List<IReadOnlyDictionary<string, string>>();
        for (var t = 0; t < trials; t++)
        {
            var trial = new Dictionary<string, string>();
            foreach (var p in parameters)
            {
                trial[p.Key] = p.Values is { } values ? values[random.Next(values.Count)] : Format(p, Interpolate(p, random.NextDouble()));
            }

            result.Add(trial);
        }
        return result;
    }

    private static double Interpolate(ParameterSpace p, double fraction) => p.LogScale
        ? Math.Exp(Math.Log(p.Min) + fraction * (Math.Log(p.Max) - Math.Log(p.Min)))
        : p.Min + fraction * (p.Max - p.Min);

    private static string Format(ParameterSpace p, double value) => p.Integer
        ? Math.Clamp(Math.Round(value), Math.Ceiling(p.Min), Math.Floor(p.Max)).ToString("0", CultureInfo.InvariantCulture)
        : value.ToString("R", CultureInfo.InvariantCulture);
}
