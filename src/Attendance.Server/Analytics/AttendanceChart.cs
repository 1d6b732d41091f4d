using System.Globalization;
using System.Security;
using System.Text;

namespace Attendance.Server.Analytics;

/// <summary>
/// A horizontal bar chart of attendance by group, drawn on the server as SVG (no script, so the pages' Content
/// Security Policy holds and the file can be downloaded as it is): one bar per group with its figure written beside
/// it, a dashed line at the whole school's attendance, and a title and description for screen readers. The pages
/// show the same figures in a table under the chart.
/// </summary>
public static class AttendanceChart
{
    private const int Bar = 22;
    private const int Gap = 8;
    private const int Top = 40;

    /// <param name="width">The width the page has for it (320-960 px), so its text stays readable on a phone.</param>
    public static string Svg(SchoolAnalyticsView view, string dimension, IReadOnlyList<GroupLine> groups, int width = 640)
    {
        var Width = Math.Clamp(width, 320, 960);
        var Label = Width < 480 ? 110 : 170;
        var Plot = Width - Label - 64;
        var school = view.Groups.First(g => g.Dimension == SchoolAnalytics.WholeSchool).AttendancePercent;
        var height = Top + groups.Count * (Bar + Gap) + 30;
        var title = $"Attendance by {dimension.ToLowerInvariant()}, {view.SchoolName}, this year to {view.On:d MMMM yyyy}";
        var description = string.Join("; ", groups.Select(g => g.Suppressed ? $"{g.Group}: not shown (fewer than {view.MinimumGroupSize} pupils)" : $"{g.Group}: {Percent(g.AttendancePercent)}")) +
            $". Whole school: {Percent(school)}.";
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{height}" viewBox="0 0 {Width} {height}" role="img" aria-labelledby="chart-title chart-desc" font-family="sans-serif" font-size="14">""");
        svg.Append(CultureInfo.InvariantCulture, $"""<title id="chart-title">{Escape(title)}</title><desc id="chart-desc">{Escape(description)}</desc>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<rect width="{Width}" height="{height}" fill="#ffffff"/><text x="0" y="20" font-weight="bold" fill="#0b0c0c">{Escape(Width < 480 ? $"Attendance by {dimension.ToLowerInvariant()}" : title)}</text>""");
        for (var i = 0; i < groups.Count; i++)
        {
            var g = groups[i];
            var y = Top + i * (Bar + Gap);
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Label - 8}" y="{y + 16}" text-anchor="end" fill="#0b0c0c">{Escape(g.Group)}</text>""");
            if (g.Suppressed || g.AttendancePercent is not { } percent)
            {
                svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Label}" y="{y + 16}" fill="#505a5f">{(g.Suppressed ? $"not shown: fewer than {view.MinimumGroupSize} pupils" : "no sessions yet")}</text>""");
                continue;
            }

            var length = (double)percent / 100 * Plot;
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{Label}" y="{y}" width="{length:F1}" height="{Bar}" fill="#1d70b8"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Label + length + 6:F1}" y="{y + 16}" fill="#0b0c0c">{Percent(percent)}</text>""");
        }

        if (school is { } whole)
        {
            var x = Label + (double)whole / 100 * Plot;
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{x:F1}" y1="{Top - 6}" x2="{x:F1}" y2="{height - 24}" stroke="#0b0c0c" stroke-width="2" stroke-dasharray="6 4"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x:F1}" y="{height - 8}" text-anchor="middle" fill="#0b0c0c">whole school {Percent(whole)}</text>""");
        }

        return svg.Append("</svg>").ToString();
    }

    private static string Percent(decimal? value) => value is { } v ? $"{v.ToString("0.0", CultureInfo.InvariantCulture)}%" : "no sessions yet";

    private static string Escape(string text) => SecurityElement.Escape(text);
}
