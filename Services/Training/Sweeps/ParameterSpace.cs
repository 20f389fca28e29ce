namespace Mlops.Training.Sweeps;

public enum SearchStrategy
{
    Grid,
    Random,
}

/// <summary>
/// One swept config key: either a list of values (YAML, e.g. "0.01" or "[16, 32]"), or a numeric range
/// (log scale draws and spaces points geometrically; integer rounds them).
/// </summary>
public sealed record ParameterSpace(string Key, IReadOnlyList<string>? Values, double Min = 0, double Max = 0,
    bool LogScale = false, bool Integer = false, int GridPoints = 0)
{
    public const int DefaultGridPoints = 3;

    public static ParameterSpace List(string key, params string[] values) => new(key, values);

    public static ParameterSpace Range(string key, double min, double max, bool logScale = false, bool integer = false, int gridPoints = 0) =>
        new(key, null, min, max, logScale, integer, gridPoints);
}

/// <summary>A sweep whose space holds no trial, or is not a space at all.</summary>
public sealed class SweepSpaceException(string message) : Exception(message);
