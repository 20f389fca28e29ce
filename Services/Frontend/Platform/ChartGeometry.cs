using System.Globalization;

namespace Mlops.Frontend.Platform;

public sealed record ChartLine(string Name, IReadOnlyList<double> Values);

/// <summary>
/// Where values land in an SVG chart of a fixed view box: the y range (from zero or the smallest value to the largest, a
/// flat series made visible), its ticks, and the x position of each point or bar group.
/// </summary>
public sealed class ChartGeometry
{
    public const double Width = 600;
    public const double Height = 220;
    public const double Left = 48;
    public const double Bottom = 28;
    public const double Top = 8;
    public const double Right = 8;

    public ChartGeometry(IReadOnlyList<ChartLine> lines, int points)
    {
        Points = points;
        var values = lines.SelectMany(line => line.Values).Where(double.IsFinite).ToList();
        Min = Math.Min(0, values.Count == 0 ? 0 : values.Min());
        Max = values.Count == 0 ? 1 : values.Max();
        if (Max - Min < 1e-12)
        {
            Max = Min + 1;
        }
    }

    public int Points { get; }

    public double Min { get; }

    public double Max { get; }

    public double PlotWidth => Width - Left - Right;

    public double PlotHeight => Height - Top - Bottom;

    public double Y(double value) => Top + (PlotHeight * (1 - ((value - Min) / (Max - Min))));

    /// <summary>The centre of point (or bar group) <paramref name="index"/>.</summary>
    public double X(int index) => Left + (PlotWidth * (index + 0.5) / Math.Max(1, Points));

    public double Slot => PlotWidth / Math.Max(1, Points);

    public IEnumerable<(double Value, string Label)> Ticks(int count = 5) =>
        Enumerable.Range(0, count).Select(tick =>
        {
            var value = Min + ((Max - Min) * tick / (count - 1));
            return (value, value.ToString(Math.Abs(Max - Min) >= 10 ? "0" : "0.##", CultureInfo.InvariantCulture));
        });

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
