using System.Globalization;
using System.Text;

namespace Attendance.Server.Analytics;

/// <summary>One week of the trend as the chart and the table show it.</summary>
public sealed record TrendLine(DateOnly Monday, decimal? ThisYear, decimal? LastYear);

/// <summary>
/// Attendance week by week: this year as a solid line with round points, last year as a dashed line with square
/// points, the trust's national reference as a dotted level line; each named in a legend, so colour is never the
/// only difference.
/// </summary>
public static class TrendChart
{
    private const int Top = 64;
    private const int Bottom = 36;
    private const int Left = 48;
    private const int Height = 300;

    public static string Draw(string title, string shortTitle, IReadOnlyList<TrendLine> weeks, (decimal Percent, string Label)? national, int width)
    {
        width = Svg.Width(width);
        var lowest = weeks.SelectMany(w => new[] { w.ThisYear, w.LastYear }).Append(national?.Percent).OfType<decimal>().DefaultIfEmpty(90m).Min();
        var floor = Math.Min(90m, Math.Floor(lowest / 5) * 5);
        var plot = (Width: width - Left - 16, Height: Height - Top - Bottom);
        double X(int i) => Left + (weeks.Count <= 1 ? plot.Width / 2.0 : i * plot.Width / (double)(weeks.Count - 1));
        double Y(decimal percent) => Top + (double)((100 - percent) / (100 - floor)) * plot.Height;

        var description = string.Join("; ", weeks.Select(w => $"week of {w.Monday:d MMMM}: {Svg.Percent(w.ThisYear)} this year, {(w.LastYear is null ? "no figure" : Svg.Percent(w.LastYear))} last year"))
            + (national is { } n ? $". {n.Label}: {Svg.Percent(n.Percent)}." : ".");
        var svg = Svg.Open(width, Height, title, shortTitle, description);
        Legend(svg, national?.Label);
        foreach (var level in new[] { floor, (floor + 100) / 2, 100m })
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{Left}" y1="{Y(level):F1}" x2="{width - 16}" y2="{Y(level):F1}" stroke="#b1b4b6" stroke-width="1"/><text x="{Left - 6}" y="{Y(level) + 5:F1}" text-anchor="end" fill="#0b0c0c">{level:0}%</text>""");
        }

        if (national is { } reference)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{Left}" y1="{Y(reference.Percent):F1}" x2="{width - 16}" y2="{Y(reference.Percent):F1}" stroke="#0b0c0c" stroke-width="2" stroke-dasharray="2 4"/>""");
        }

        Series(svg, weeks.Select((w, i) => (X(i), w.LastYear is { } p ? Y(p) : (double?)null)), "#505a5f", "8 5", square: true);
        Series(svg, weeks.Select((w, i) => (X(i), w.ThisYear is { } p ? Y(p) : (double?)null)), "#1d70b8", null, square: false);
        if (weeks.Count > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left}" y="{Height - 10}" fill="#0b0c0c">{weeks[0].Monday:d MMM}</text><text x="{width - 16}" y="{Height - 10}" text-anchor="end" fill="#0b0c0c">{weeks[^1].Monday:d MMM}</text>""");
        }

        return Svg.Close(svg);
    }

    private static void Legend(StringBuilder svg, string? national)
    {
        svg.Append("""<g font-size="13"><line x1="0" y1="40" x2="24" y2="40" stroke="#1d70b8" stroke-width="3"/><circle cx="12" cy="40" r="4" fill="#1d70b8"/><text x="30" y="44" fill="#0b0c0c">This year</text>""");
        svg.Append("""<line x1="110" y1="40" x2="134" y2="40" stroke="#505a5f" stroke-width="3" stroke-dasharray="8 5"/><rect x="118" y="36" width="8" height="8" fill="#505a5f"/><text x="140" y="44" fill="#0b0c0c">Last year</text>""");
        if (national is not null)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="220" y1="40" x2="244" y2="40" stroke="#0b0c0c" stroke-width="2" stroke-dasharray="2 4"/><text x="250" y="44" fill="#0b0c0c">{Svg.Escape(national)}</text>""");
        }

        svg.Append("</g>");
    }

    /// <summary>A line through the weeks with a figure (a week without one breaks it), with a point at each.</summary>
    private static void Series(StringBuilder svg, IEnumerable<(double X, double? Y)> points, string colour, string? dash, bool square)
    {
        var path = new StringBuilder();
        var pen = 'M';
        foreach (var (x, y) in points)
        {
            if (y is not { } at)
            {
                pen = 'M';
                continue;
            }

            path.Append(CultureInfo.InvariantCulture, $"{pen}{x:F1} {at:F1} ");
            pen = 'L';
            svg.Append(square
                ? string.Create(CultureInfo.InvariantCulture, $"""<rect x="{x - 4:F1}" y="{at - 4:F1}" width="8" height="8" fill="{colour}"/>""")
                : string.Create(CultureInfo.InvariantCulture, $"""<circle cx="{x:F1}" cy="{at:F1}" r="4" fill="{colour}"/>"""));
        }

        if (path.Length > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<path d="{path.ToString().TrimEnd()}" fill="none" stroke="{colour}" stroke-width="3"{(dash is null ? "" : $" stroke-dasharray=\"{dash}\"")}/>""");
        }
    }
}
