using System.Globalization;
using System.Net;
using System.Text;

namespace Mlops.LoadGenerator.Reports;

public sealed record ChartSeries(string Name, string Color, IReadOnlyList<(double X, double Y)> Points);

/// <summary>A line chart as inline SVG, so the HTML report needs nothing from the network.</summary>
public static class SvgLineChart
{
    private const int Left = 64;
    private const int Right = 16;
    private const int Top = 28;
    private const int Bottom = 44;

    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series, int width = 900, int height = 280)
    {
        var points = series.SelectMany(s => s.Points).ToArray();
        var xMax = NiceCeiling(points.Length == 0 ? 1 : points.Max(p => p.X));
        var yMax = NiceCeiling(points.Length == 0 ? 1 : points.Max(p => p.Y));
        var plotWidth = width - Left - Right;
        var plotHeight = height - Top - Bottom;
        double Px(double x) => Left + (x / xMax * plotWidth);
        double Py(double y) => Top + plotHeight - (y / yMax * plotHeight);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{Encode(title)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{Encode(title)}</text>");
        for (var i = 0; i <= 4; i++)
        {
            var y = yMax * i / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{width - Right}\" y1=\"{F(Py(y))}\" y2=\"{F(Py(y))}\" stroke=\"#ddd\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{F(Py(y) + 4)}\" font-size=\"11\" text-anchor=\"end\">{F(y)}</text>");
            var x = xMax * i / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Px(x))}\" y=\"{height - Bottom + 16}\" font-size=\"11\" text-anchor=\"middle\">{F(x)}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Left}\" y1=\"{Top}\" y2=\"{Top + plotHeight}\" stroke=\"#333\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{width - Right}\" y1=\"{Top + plotHeight}\" y2=\"{Top + plotHeight}\" stroke=\"#333\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (plotWidth / 2)}\" y=\"{height - 8}\" font-size=\"12\" text-anchor=\"middle\">{Encode(xLabel)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{Top + (plotHeight / 2)}\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 {Top + (plotHeight / 2)})\">{Encode(yLabel)}</text>");

        var legendX = width - Right - (series.Count * 110);
        foreach (var (s, index) in series.Select((s, i) => (s, i)))
        {
            if (s.Points.Count > 0)
            {
                var path = string.Join(' ', s.Points.Select((p, i) => $"{(i == 0 ? 'M' : 'L')}{F(Px(p.X))},{F(Py(p.Y))}"));
                svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{path}\" fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"2\"><title>{Encode(s.Name)}</title></path>");
            }

            var lx = legendX + (index * 110);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{lx}\" y=\"10\" width=\"12\" height=\"4\" fill=\"{s.Color}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{lx + 16}\" y=\"16\" font-size=\"11\">{Encode(s.Name)}</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>The smallest 1, 2, 2.5 or 5 times a power of ten at or above the value.</summary>
    internal static double NiceCeiling(double value)
    {
        if (value <= 0 || !double.IsFinite(value))
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (step * magnitude >= value)
            {
                return step * magnitude;
            }
        }

        return 10 * magnitude;
    }

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
