using System.Globalization;
using System.Text;
using Mlops.Drift.Model;

namespace Mlops.Drift.Reports;

/// <summary>Reference and current histograms drawn over each other as inline SVG, each as shares of its own total.</summary>
public static class SvgHistogram
{
    public const int Width = 280;
    public const int Height = 90;

    public static string Render(Histogram reference, Histogram current, IReadOnlyList<string>? binLabels = null)
    {
        var bins = Math.Max(reference.Counts.Length, current.Counts.Length);
        var referenceShares = Shares(reference, bins);
        var currentShares = Shares(current, bins);
        var top = Math.Max(referenceShares.DefaultIfEmpty(0).Max(), currentShares.DefaultIfEmpty(0).Max());
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"histogram\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height + 16}\" viewBox=\"0 0 {Width} {Height + 16}\" role=\"img\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>reference (blue) and current (orange) over [{Number(reference.Min)}, {Number(reference.Max)}]</title>");
        if (bins > 0 && top > 0)
        {
            var barWidth = (double)Width / bins;
            Bars(svg, referenceShares, top, barWidth, "reference", "#3b6fb6");
            Bars(svg, currentShares, top, barWidth, "current", "#e8772e");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"0\" y1=\"{Height}\" x2=\"{Width}\" y2=\"{Height}\" stroke=\"#888\"/>");
        var left = binLabels is { Count: > 0 } ? binLabels[0] : Number(reference.Min);
        var right = binLabels is { Count: > 0 } ? binLabels[^1] : Number(reference.Max);
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{Height + 13}\" font-size=\"10\">{System.Net.WebUtility.HtmlEncode(left)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width}\" y=\"{Height + 13}\" font-size=\"10\" text-anchor=\"end\">{System.Net.WebUtility.HtmlEncode(right)}</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void Bars(StringBuilder svg, double[] shares, double top, double barWidth, string series, string colour)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"{series}\" fill=\"{colour}\" fill-opacity=\"0.55\">");
        for (var i = 0; i < shares.Length; i++)
        {
            var height = shares[i] / top * (Height - 4);
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{i * barWidth:0.##}\" y=\"{Height - height:0.##}\" width=\"{Math.Max(barWidth - 1, 0.5):0.##}\" height=\"{height:0.##}\"><title>{series}: {shares[i]:P1}</title></rect>");
        }

        svg.Append("</g>");
    }

    private static double[] Shares(Histogram histogram, int bins)
    {
        var total = (double)histogram.Counts.Sum();
        return [.. Enumerable.Range(0, bins).Select(i => i < histogram.Counts.Length && total > 0 ? histogram.Counts[i] / total : 0)];
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
