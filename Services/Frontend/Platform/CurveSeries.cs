using System.Globalization;

namespace Mlops.Frontend.Platform;

/// <summary>A named line of (step, value) points, e.g. one run's val_accuracy.</summary>
public sealed record CurveSeries(string Name, IReadOnlyList<(long Step, double Value)> Points)
{
    private const int MaxLabels = 10;

    /// <summary>
    /// Puts several series on the union of their steps (a line chart has one x axis); a series without a point at a step
    /// repeats its previous value, so curves of different lengths still overlay.
    /// </summary>
    public static (string[] Labels, double[][] Values) Align(IReadOnlyList<CurveSeries> series)
    {
        var steps = series.SelectMany(item => item.Points.Select(point => point.Step)).Distinct().Order().ToArray();
        var every = Math.Max(1, steps.Length / MaxLabels);
        var labels = steps.Select((step, index) => index % every == 0 ? step.ToString(CultureInfo.InvariantCulture) : "").ToArray();
        var values = series.Select(item =>
        {
            var byStep = item.Points.GroupBy(point => point.Step).ToDictionary(group => group.Key, group => group.Last().Value);
            var last = item.Points.Count > 0 ? item.Points[0].Value : 0;
            return steps.Select(step => last = byStep.TryGetValue(step, out var value) ? value : last).ToArray();
        }).ToArray();
        return (labels, values);
    }
}
