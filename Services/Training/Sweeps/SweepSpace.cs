using System.Globalization;

namespace Mlops.Training.Sweeps;

/// <summary>Turns declared parameters into trials: each trial is a set of key=value overrides.</summary>
public static class SweepSpace
{
    public const int DefaultRandomTrials = 10;

    /// <summary>
    /// Grid: every combination (ranges contribute evenly spaced points), cut at <paramref name="maxTrials"/> when it is positive.
    /// Random: <paramref name="maxTrials"/> draws (10 when 0), the same for the same <paramref name="seed"/>.
    /// </summary>
    /// <exception cref="SweepSpaceException">No parameters, an empty value list, an empty or invalid range, a repeated key.</exception>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Expand(
        IReadOnlyList<ParameterSpace> parameters, SearchStrategy strategy, int maxTrials, int seed)
    {
        Validate(parameters);
        if (maxTrials < 0)
            throw new SweepSpaceException($"max_trials must not be negative, got {maxTrials}.");
        return strategy == SearchStrategy.Grid ? Grid(parameters, maxTrials) : Random(parameters, maxTrials > 0 ? maxTrials : DefaultRandomTrials, seed);
    }

    private static void Validate(IReadOnlyList<ParameterSpace> parameters)
    {
        if (parameters.Count == 0)
            throw new SweepSpaceException("The sweep space is empty: declare at least one parameter (a list of values or a range).");
        var repeated = parameters.GroupBy(p => p.Key).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
            throw new SweepSpaceException($"Parameter '{repeated.Key}' is declared twice.");
        foreach (var p in parameters)
        {
            if (string.IsNullOrWhiteSpace(p.Key))
                throw new SweepSpaceException("Every parameter needs a config key (e.g. optimizer.learning_rate).");
            if (p.Values is { } values)
            {
                if (values.Count == 0)
                    throw new SweepSpaceException($"Parameter '{p.Key}' has an empty list of values.");
                continue;
            }
            if (!double.IsFinite(p.Min) || !double.IsFinite(p.Max) || p.Min > p.Max)
                throw new SweepSpaceException($"Parameter '{p.Key}' has an empty range: min {p.Min} must be at most max {p.Max}.");
            if (p.LogScale && p.Min <= 0)
                throw new SweepSpaceException($"Parameter '{p.Key}' is on a log scale, so its range must be above 0 (min is {p.Min}).");
            if (p.Integer && Math.Ceiling(p.Min) > Math.Floor(p.Max))
                throw new SweepSpaceException($"Parameter '{p.Key}' is an integer but [{p.Min}, {p.Max}] holds no integer.");
            if (p.GridPoints < 0)
                throw new SweepSpaceException($"Parameter '{p.Key}': grid_points must not be negative.");
        }
    }

    private static List<IReadOnlyDictionary<string, string>> Grid(IReadOnlyList<ParameterSpace> parameters, int maxTrials)
    {
        var trials = new List<IReadOnlyDictionary<string, string>> { new Dictionary<string, string>() };
        foreach (var parameter in parameters)
        {
            var points = GridPoints(parameter);
            trials = trials.SelectMany(trial => points.Select(point =>
                (IReadOnlyDictionary<string, string>)new Dictionary<string, string>((IDictionary<string, string>)trial) { [parameter.Key] = point })).ToList();
        }
        return maxTrials > 0 ? trials.Take(maxTrials).ToList() : trials;
    }

    private static IReadOnlyList<string> GridPoints(ParameterSpace p)
    {
        if (p.Values is { } values)
            return values;
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
                trial[p.Key] = p.Values is { } values ? values[random.Next(values.Count)] : Format(p, Interpolate(p, random.NextDouble()));
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
