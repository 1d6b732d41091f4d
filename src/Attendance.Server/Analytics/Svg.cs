using System.Globalization;
using System.Security;
using System.Text;

namespace Attendance.Server.Analytics;

/// <summary>
/// The start and end every chart shares: drawn on the server as SVG (no script, so the pages' Content Security
/// Policy holds and the file downloads as it is), with a title and a description for screen readers; the pages show
/// the same figures in a table under each chart.
/// </summary>
internal static class Svg
{
    /// <param name="width">The width the page has for the chart (320-960 px), so its text stays readable on a phone.</param>
    public static StringBuilder Open(int width, int height, string title, string shortTitle, string description)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-title chart-desc" font-family="sans-serif" font-size="14">""");
        svg.Append(CultureInfo.InvariantCulture, $"""<title id="chart-title">{Escape(title)}</title><desc id="chart-desc">{Escape(description)}</desc>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<rect width="{width}" height="{height}" fill="#ffffff"/><text x="0" y="20" font-weight="bold" fill="#0b0c0c">{Escape(width < 480 ? shortTitle : title)}</text>""");
        return svg;
    }

    public static string Close(StringBuilder svg) => svg.Append("</svg>").ToString();

    public static int Width(int requested) => Math.Clamp(requested, 320, 960);

    public static string Percent(decimal? value) => value is { } v ? $"{v.ToString("0.0", CultureInfo.InvariantCulture)}%" : "no sessions yet";

    public static string Escape(string text) => SecurityElement.Escape(text);
}

/// <summary>One bar: its label, its length as a percentage, what is written beside it (or instead of it, with no value).</summary>
public sealed record ChartBar(string Label, decimal? Percent, string Text);

/// <summary>A horizontal bar chart on a 0-100% scale, with an optional dashed line (the whole school, the national figure).</summary>
public static class BarChart
{
    private const int Bar = 22;
    private const int Gap = 8;
    private const int Top = 40;

    public static string Draw(string title, string shortTitle, IReadOnlyList<ChartBar> bars, (decimal Percent, string Label)? line, int width)
    {
        width = Svg.Width(width);
        var label = width < 480 ? 110 : 170;
        var plot = width - label - 64;
        var height = Top + bars.Count * (Bar + Gap) + 30;
        var description = string.Join("; ", bars.Select(b => $"{b.Label}: {b.Text}")) + (line is { } l ? $". {l.Label}: {Svg.Percent(l.Percent)}." : ".");
        var svg = Svg.Open(width, height, title, shortTitle, description);
        for (var i = 0; i < bars.Count; i++)
        {
            var (name, percent, text) = bars[i];
            var y = Top + i * (Bar + Gap);
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{label - 8}" y="{y + 16}" text-anchor="end" fill="#0b0c0c">{Svg.Escape(name)}</text>""");
            if (percent is not { } value)
            {
                svg.Append(CultureInfo.InvariantCulture, $"""<text x="{label}" y="{y + 16}" fill="#505a5f">{Svg.Escape(text)}</text>""");
                continue;
            }

            var length = (double)value / 100 * plot;
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{label}" y="{y}" width="{length:F1}" height="{Bar}" fill="#1d70b8"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{label + length + 6:F1}" y="{y + 16}" fill="#0b0c0c">{Svg.Escape(text)}</text>""");
        }

        if (line is { } reference)
        {
            var x = label + (double)reference.Percent / 100 * plot;
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{x:F1}" y1="{Top - 6}" x2="{x:F1}" y2="{height - 24}" stroke="#0b0c0c" stroke-width="2" stroke-dasharray="6 4"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x:F1}" y="{height - 8}" text-anchor="middle" fill="#0b0c0c">{Svg.Escape($"{reference.Label} {Svg.Percent(reference.Percent)}")}</text>""");
        }

        return Svg.Close(svg);
    }
}
