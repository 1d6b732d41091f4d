using System.Globalization;
using System.Security.Claims;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Server.Api;
using CsvHelper;
using Microsoft.Extensions.Options;
using Attendance.Grains.Analytics;
using Attendance.Server.Http;

namespace Attendance.Server.Analytics;

/// <summary>A group's figures as this reader may see them: none for a group too small to show outside the school.</summary>
public sealed record GroupLine(
    string Dimension, string Group, int? Pupils, decimal? AttendancePercent, int? PersistentlyAbsent, decimal? PersistentAbsencePercent, int? SeverelyAbsent,
    decimal? SevereAbsencePercent, bool Suppressed)
{
    public static GroupLine Shown(GroupFigures f) => new(
        f.Dimension, f.Group, f.Pupils, f.AttendancePercent, f.PersistentlyAbsent, f.PersistentAbsencePercent, f.SeverelyAbsent, f.SevereAbsencePercent, false);

    public static GroupLine Hidden(GroupFigures f) => new(f.Dimension, f.Group, null, null, null, null, null, null, true);
}

/// <summary>An absence code's sessions this year and its share of all absence.</summary>
public sealed record ReasonLine(string Code, string Description, AttendanceCategory Category, int Sessions, decimal? PercentOfAbsence);

/// <summary>A pupil whose year-end at their recent rate falls into a worse band.</summary>
public sealed record HeadingLine(string Upn, string Name, string ClassId, decimal CurrentPercent, string CurrentBand, decimal ProjectedPercent, string ProjectedBand);

public sealed record SchoolAnalyticsView(
    string SchoolId, string SchoolName, DateOnly On, int MinimumGroupSize, IReadOnlyList<GroupLine> Groups, IReadOnlyList<ReasonLine> Reasons,
    IReadOnlyList<TrendLine> Trend, NationalReference? National, IReadOnlyList<HeadingLine> Heading)
{
    public decimal? WholeSchool => Groups.First(g => g.Dimension == PupilGroups.WholeSchool).AttendancePercent;
}

/// <summary>
/// A school's attendance this year for its leaders: by group (whole school, year group, class, sex, ethnicity, free
/// school meals, pupil premium, SEN, social worker), the reasons for absence, week by week against last year and the
/// trust's national reference, and the pupils heading for a worse band. All from the school's roll-up
/// (<see cref="ISchoolFiguresGrain"/>, kept by the pupils as marks arrive; nothing is read from the register), as
/// JSON, CSV and SVG charts.
/// </summary>
public static class SchoolAnalytics
{
    public static RouteGroupBuilder MapAnalytics(this RouteGroupBuilder api)
    {
        var school = api.MapGroup("/schools/{schoolId}").WithTags("Analytics");

        MapView(school, "/analytics", (view, _) => Results.Ok(view))
            .WithSummary("The school's attendance this year by group, reasons for absence, week by week against last year, and pupils heading for a worse band; groups too small are not shown outside the school");

        MapView(school, "/analytics.csv", (view, _) => Csv(
            $"attendance-by-group-{view.SchoolId}-{view.On:yyyy-MM-dd}.csv",
            ["Grouping", "Group", "Pupils", "AttendancePercent", "PersistentlyAbsent", "PersistentAbsencePercent", "SeverelyAbsent", "SevereAbsencePercent"],
            view.Groups.Select(g => g.Suppressed
                ? new[] { g.Dimension, g.Group, $"fewer than {view.MinimumGroupSize}", "", "", "", "", "" }
                : [g.Dimension, g.Group, Text(g.Pupils), Text(g.AttendancePercent), Text(g.PersistentlyAbsent), Text(g.PersistentAbsencePercent), Text(g.SeverelyAbsent), Text(g.SevereAbsencePercent)])))
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("The figures by group as CSV");

        MapView(school, "/analytics/trend.csv", (view, _) => Csv(
            $"attendance-by-week-{view.SchoolId}-{view.On:yyyy-MM-dd}.csv",
            ["WeekBeginning", "ThisYearPercent", "LastYearPercent", "NationalReferencePercent"],
            view.Trend.Select(w => new[] { w.Monday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Text(w.ThisYear), Text(w.LastYear), Text(view.National?.AttendancePercent) })))
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("Attendance week by week, this year and last, as CSV");

        MapView(school, "/analytics/reasons.csv", (view, _) => Csv(
            $"absence-by-reason-{view.SchoolId}-{view.On:yyyy-MM-dd}.csv",
            ["Code", "Reason", "Category", "Sessions", "PercentOfAbsence"],
            view.Reasons.Select(r => new[] { r.Code, r.Description, r.Category.ToString(), Text(r.Sessions), Text(r.PercentOfAbsence) })))
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("Absence this year by reason code as CSV");

        MapView(school, "/analytics.svg", (view, http) =>
        {
            var dimension = http.Request.Query["dimension"].ToString();
            var groups = view.Groups.Where(g => g.Dimension == dimension).ToList();
            return groups.Count == 0
                ? Problems.Invalid($"Say which grouping to chart (dimension), one of: {string.Join(", ", view.Groups.Select(g => g.Dimension).Distinct().Where(d => d != PupilGroups.WholeSchool))}.", "dimension")
                : Chart(BarChart.Draw(
                    $"Attendance by {dimension.ToLowerInvariant()}, {view.SchoolName}, this year to {view.On:d MMMM yyyy}", $"Attendance by {dimension.ToLowerInvariant()}",
                    [.. groups.Select(g => new ChartBar(g.Group, g.Suppressed ? null : g.AttendancePercent, g.Suppressed ? $"not shown: fewer than {view.MinimumGroupSize} pupils" : Svg.Percent(g.AttendancePercent)))],
                    view.WholeSchool is { } whole ? (whole, "whole school") : null,
                    Width(http)));
        }).WithSummary("A bar chart of attendance by one grouping against the whole school, as SVG (width: the pixels it will be shown at, 320-960)");

        MapView(school, "/analytics/trend.svg", (view, http) => Chart(TrendChart.Draw(
            $"Attendance week by week, {view.SchoolName}: this year and last", "Attendance week by week",
            view.Trend, view.National is { } n ? (n.AttendancePercent, n.Label) : null, Width(http))))
            .WithSummary("Attendance week by week this year against last year and the trust's national reference, as SVG");

        // On a phone the bars keep only the share and the sessions; the table under the chart names each reason.
        MapView(school, "/analytics/reasons.svg", (view, http) => Chart(BarChart.Draw(
            $"Absence by reason, {view.SchoolName}, this year to {view.On:d MMMM yyyy}", "Absence by reason",
            [.. view.Reasons.Select(r => new ChartBar(r.Code, r.PercentOfAbsence, Width(http) < 480
                ? $"{Svg.Percent(r.PercentOfAbsence)} ({r.Sessions})"
                : $"{Svg.Percent(r.PercentOfAbsence)} {Short(r.Description)} ({r.Sessions})"))],
            null, Width(http))))
            .WithSummary("Each absence code's share of the year's absence, as SVG");

        return api;
    }

    /// <summary>The school's analytics as this reader may see them; null for a school not set up.</summary>
    public static async Task<SchoolAnalyticsView?> Build(string schoolId, ClaimsPrincipal user, IGrainFactory grains, AnalyticsOptions options)
    {
        var national = grains.GetGrain<INationalReferenceGrain>(ISchoolDirectoryGrain.Key).Get();
        if (await grains.GetGrain<ISchoolFiguresGrain>(schoolId).Get() is not { } figures)
        {
            return null;
        }

        // Inside the school everyone is known anyway; outside it (trust leaders) a small group could be one pupil.
        var outside = !StaffUser.From(user).Schools.Contains(schoolId);
        return new SchoolAnalyticsView(schoolId, figures.SchoolName, figures.On, options.MinimumGroupSize,
            [.. figures.Groups.Select(f => outside && f.Pupils < options.MinimumGroupSize ? GroupLine.Hidden(f) : GroupLine.Shown(f))],
            Reasons(figures.Codes),
            [.. figures.Weeks.Select(w => new TrendLine(w.Monday, w.ThisYear.AttendancePercent, w.LastYear.AttendancePercent))],
            await national,
            [.. figures.Heading.Select(h => new HeadingLine(h.Upn, h.Name, h.ClassId, h.Projection.CurrentPercent, h.CurrentBand, h.Projection.ProjectedPercent, h.ProjectedBand))]);
    }

    private static List<ReasonLine> Reasons(IReadOnlyDictionary<string, int> codes)
    {
        var absence = codes
            .Select(c => (Code: NationalCodes.Get(c.Key), Sessions: c.Value))
            .Where(c => c.Code.Category is AttendanceCategory.AuthorisedAbsence or AttendanceCategory.UnauthorisedAbsence && c.Sessions > 0)
            .ToList();
        var total = absence.Sum(c => c.Sessions);
        return [.. absence
            .OrderByDescending(c => c.Sessions).ThenBy(c => c.Code.Code, StringComparer.Ordinal)
            .Select(c => new ReasonLine(c.Code.Code, c.Code.Meaning, c.Code.Category, c.Sessions, Percent.Of(c.Sessions, total)))];
    }

    private static RouteHandlerBuilder MapView(RouteGroupBuilder group, string pattern, Func<SchoolAnalyticsView, HttpContext, IResult> answer) =>
        group.MapGet(pattern, async (string schoolId, HttpContext http, IGrainFactory grains, IOptions<AnalyticsOptions> options) =>
            await Build(schoolId, http.User, grains, options.Value) is { } view ? answer(view, http) : SchoolEndpoints.UnknownSchool(schoolId))
            .RequireAccess(Capability.ViewSchool);

    private static IResult Chart(string svg) => Results.Text(svg, "image/svg+xml; charset=utf-8");

    private static int Width(HttpContext http) => int.TryParse(http.Request.Query["width"], CultureInfo.InvariantCulture, out var width) ? width : 640;

    /// <summary>A code's meaning short enough to sit beside its bar: without its kind ("Leave of absence: …"), at most 28 characters.</summary>
    private static string Short(string description)
    {
        var meaning = description.Split(": ", 2)[^1];
        return meaning.Length > 28 ? $"{meaning[..27].TrimEnd()}…" : meaning;
    }

    internal static IResult Csv(string fileName, string[] header, IEnumerable<string[]> rows) => Results.Stream(async body =>
    {
        await using var csv = CsvWriter.Create(body, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true);
        await csv.WriteRecordAsync(header);
        foreach (var row in rows)
        {
            await csv.WriteRecordAsync(row);
        }
    }, "text/csv; charset=utf-8", fileName);

    internal static string Text(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    internal static string Text(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
}
