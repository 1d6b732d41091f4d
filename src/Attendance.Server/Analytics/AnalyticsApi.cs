using System.Globalization;
using Attendance.Domain;
using System.Security.Claims;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Analytics;
using Attendance.Server.Access;
using Attendance.Server.Http;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.Server.Analytics;

/// <summary>
/// A school's attendance this year for its leaders (by group, reasons for absence, week by week, pupils heading for a
/// worse band) and the trust's table of its schools with the national reference it compares them with: as JSON, CSV
/// and SVG charts (<see cref="AnalyticsService"/> builds them).
/// </summary>
public static class AnalyticsApi
{
    private const int DefaultChartWidth = 640;

    public static IEndpointRouteBuilder MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var school = app.MapGroup("/api/schools/{schoolId}").WithTags("Analytics").ForKnownSchool().RequireAccess(Capability.ViewSchool);

        school.MapGet("/analytics", GetSchoolAnalytics)
            .WithSummary("The school's attendance this year by group, reasons for absence, week by week against last year, and pupils heading for a worse band; groups too small are not shown outside the school");

        school.MapGet("/analytics.csv", GetGroupsCsv)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("The figures by group as CSV");

        school.MapGet("/analytics/trend.csv", GetTrendCsv)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("Attendance week by week, this year and last, as CSV");

        school.MapGet("/analytics/reasons.csv", GetReasonsCsv)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("Absence this year by reason code as CSV");

        school.MapGet("/analytics/period", GetPeriod)
            .WithSummary("Any period (?from=2026-09-03&to=2026-10-23, whole school weeks, at most a year): attendance and persistent and severe absence by group, and every pupil with their attendance and band in it, lowest first");

        school.MapGet("/analytics/period.csv", GetPeriodCsv)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("The period's pupils as CSV: attendance, band, persistent and severe absence");

        school.MapGet("/analytics/governors.pdf", GetGovernorsReport)
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .WithSummary("The report to governors for a period (?from=&to=, e.g. a term) as one PDF with charts: headline figures against the target and the national reference, week by week, by year group and group, pupils by band; no pupil named, small groups not shown");

        school.MapGet("/analytics.svg", GetGroupsChart)
            .WithSummary("A bar chart of attendance by one grouping against the whole school, as SVG (width: the pixels it will be shown at, 320-960)");

        school.MapGet("/analytics/trend.svg", GetTrendChart)
            .WithSummary("Attendance week by week this year against last year and the trust's national reference, as SVG");

        school.MapGet("/analytics/reasons.svg", GetReasonsChart)
            .WithSummary("Each absence code's share of the year's absence, as SVG");

        var trust = app.MapGroup("/api/trust").WithTags("Analytics");

        trust.MapGet("/analytics", GetTrustAnalytics)
            .WithSummary("Each school the reader may see, this year so far (or ?year=2025/26 as it ended, or any period ?from=&to= in whole school weeks): pupils, attendance, persistent and severe absence, authorised and unauthorised absence rates and pupils heading for a worse band (a year only)");

        trust.MapGet("/analytics.csv", GetTrustCsv)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("The trust's table as CSV");

        trust.MapGet("/national-reference", GetNationalReference)
            .WithSummary("The national figure the trust compares its schools with, if it has entered one");

        trust.MapPut("/national-reference", SetNationalReference)
            .RequireAccess(Capability.TrustPolicy)
            .WithSummary("Set the national figure to compare with: a label (e.g. \"National, primary, 2024/25\"), attendance % and optionally persistent absence %");

        trust.MapDelete("/national-reference", RemoveNationalReference)
            .RequireAccess(Capability.TrustPolicy)
            .WithSummary("Remove the national reference");

        return app;
    }

    public static Task<Results<Ok<SchoolAnalyticsView>, ProblemHttpResult>> GetSchoolAnalytics(KnownSchool school, ClaimsPrincipal user, AnalyticsService analytics) =>
        WithView(school, user, analytics, view => TypedResults.Ok(view));

    public static Task<Results<PushStreamHttpResult, ProblemHttpResult>> GetGroupsCsv(KnownSchool school, ClaimsPrincipal user, AnalyticsService analytics) =>
        WithView(school, user, analytics, view => Csv(
            $"attendance-by-group-{view.SchoolId}-{view.On:yyyy-MM-dd}.csv",
            ["Grouping", "Group", "Pupils", "AttendancePercent", "PersistentlyAbsent", "PersistentAbsencePercent", "SeverelyAbsent", "SevereAbsencePercent"],
            view.Groups.Select(g => g.Suppressed
                ? new[] { g.Dimension, g.Group, $"fewer than {view.MinimumGroupSize}", "", "", "", "", "" }
                : [g.Dimension, g.Group, Text(g.Pupils), Text(g.AttendancePercent), Text(g.PersistentlyAbsent), Text(g.PersistentAbsencePercent), Text(g.SeverelyAbsent), Text(g.SevereAbsencePercent)])));

    public static Task<Results<PushStreamHttpResult, ProblemHttpResult>> GetTrendCsv(KnownSchool school, ClaimsPrincipal user, AnalyticsService analytics) =>
        WithView(school, user, analytics, view => Csv(
            $"attendance-by-week-{view.SchoolId}-{view.On:yyyy-MM-dd}.csv",
            ["WeekBeginning", "ThisYearPercent", "LastYearPercent", "NationalReferencePercent"],
            view.Trend.Select(w => new[] { w.Monday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Text(w.ThisYear), Text(w.LastYear), Text(view.National?.AttendancePercent) })));

    public static Task<Results<PushStreamHttpResult, ProblemHttpResult>> GetReasonsCsv(KnownSchool school, ClaimsPrincipal user, AnalyticsService analytics) =>
        WithView(school, user, analytics, view => Csv(
            $"absence-by-reason-{view.SchoolId}-{view.On:yyyy-MM-dd}.csv",
            ["Code", "Reason", "Category", "Sessions", "PercentOfAbsence"],
            view.Reasons.Select(r => new[] { r.Code, r.Description, r.Category.ToString(), Text(r.Sessions), Text(r.PercentOfAbsence) })));

    /// <param name="dimension">The grouping to chart (e.g. "Year group").</param>
    /// <param name="width">The pixels the chart will be shown at (320-960; anything else that is not a number: 640).</param>
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetGroupsChart(
        string? dimension, string? width, KnownSchool school, ClaimsPrincipal user, AnalyticsService analytics)
    {
        if (await analytics.School(school.Id, user) is not { } view)
        {
            return KnownSchools.UnknownSchool(school.Id);
        }

        var grouping = dimension ?? "";
        var groups = view.Groups.Where(g => g.Dimension == grouping).ToList();
        if (groups.Count == 0)
        {
            return Problems.Invalid($"Say which grouping to chart (dimension), one of: {string.Join(", ", view.Groups.Select(g => g.Dimension).Distinct().Where(d => d != PupilGroups.WholeSchool))}.", "dimension");
        }

        return Chart(BarChart.Draw(
            $"Attendance by {grouping.ToLowerInvariant()}, {view.SchoolName}, this year to {view.On:d MMMM yyyy}", $"Attendance by {grouping.ToLowerInvariant()}",
            [.. groups.Select(g => new ChartBar(g.Group, g.Suppressed ? null : g.AttendancePercent, g.Suppressed ? $"not shown: fewer than {view.MinimumGroupSize} pupils" : Svg.Percent(g.AttendancePercent)))],
            view.WholeSchool is { } whole ? (whole, "whole school") : null,
            Width(width)));
    }

    public static Task<Results<ContentHttpResult, ProblemHttpResult>> GetTrendChart(string? width, KnownSchool school, ClaimsPrincipal user, AnalyticsService analytics) =>
        WithView(school, user, analytics, view => Chart(TrendChart.Draw(
            $"Attendance week by week, {view.SchoolName}: this year and last", "Attendance week by week",
            view.Trend, view.National is { } n ? (n.AttendancePercent, n.Label) : null, Width(width))));

    /// <remarks>On a phone the bars keep only the share and the sessions; the table under the chart names each reason.</remarks>
    public static Task<Results<ContentHttpResult, ProblemHttpResult>> GetReasonsChart(string? width, KnownSchool school, ClaimsPrincipal user, AnalyticsService analytics) =>
        WithView(school, user, analytics, view => Chart(BarChart.Draw(
            $"Absence by reason, {view.SchoolName}, this year to {view.On:d MMMM yyyy}", "Absence by reason",
            [.. view.Reasons.Select(r => new ChartBar(r.Code, r.PercentOfAbsence, Width(width) < 480
                ? $"{Svg.Percent(r.PercentOfAbsence)} ({r.Sessions})"
                : $"{Svg.Percent(r.PercentOfAbsence)} {Short(r.Description)} ({r.Sessions})"))],
            null, Width(width))));

    /// <param name="year">A past academic year (2025/26), as it ended; this year so far when absent.</param>
    /// <param name="from">With <paramref name="to"/>: any period of whole school weeks instead of a year.</param>
    public static async Task<Results<Ok<TrustAnalyticsView>, ProblemHttpResult>> GetTrustAnalytics(
        string? year, string? from, string? to, ClaimsPrincipal user, AnalyticsService analytics)
    {
        var (view, _, problem) = await TrustView(year, from, to, user, analytics);
        if (problem is not null)
        {
            return problem;
        }

        return TypedResults.Ok(view!);
    }

    /// <param name="year">A past academic year (2025/26), as it ended; this year so far when absent.</param>
    /// <param name="from">With <paramref name="to"/>: any period of whole school weeks instead of a year.</param>
    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> GetTrustCsv(string? year, string? from, string? to, ClaimsPrincipal user, AnalyticsService analytics)
    {
        var (view, shown, problem) = await TrustView(year, from, to, user, analytics);
        if (problem is not null)
        {
            return problem;
        }

        return Csv(
            view!.FirstWeek is { } first ? $"schools-{first:yyyy-MM-dd}-to-{view.LastWeek!.Value.AddDays(6):yyyy-MM-dd}.csv"
                : shown is { } past ? $"schools-{past.StartYear}-{past.StartYear + 1}.csv" : "schools-this-year.csv",
            ["School", "Pupils", "AttendancePercent", "PersistentAbsencePercent", "SevereAbsencePercent", "AuthorisedAbsencePercent", "UnauthorisedAbsencePercent", "HeadingForWorseBand"],
            view.Schools.Select(s => new[]
            {
                s.SchoolName, Text(s.Pupils), Text(s.AttendancePercent), Text(s.PersistentAbsencePercent),
                Text(s.SevereAbsencePercent), Text(s.AuthorisedAbsencePercent), Text(s.UnauthorisedAbsencePercent),
                Text(s.HeadingForWorseBand),
            }));
    }

    /// <summary>The trust's table the query asks for (this year so far, a past year, or a period), or the problem with the query.</summary>
    private static async Task<(TrustAnalyticsView? View, AcademicYear? Year, ProblemHttpResult? Problem)> TrustView(
        string? year, string? from, string? to, ClaimsPrincipal user, AnalyticsService analytics)
    {
        if (from is null && to is null)
        {
            return AcademicYearQuery.Read(year, out var shown) is { } invalid ? (null, null, invalid) : (await analytics.Trust(user, shown), shown, null);
        }

        if (year is not null)
        {
            return (null, null, Problems.Invalid("Give a school year (year) or a period (from and to), not both.", "year", "from", "to"));
        }

        return ReadPeriod(from, to, out var first, out var last) is { } wrong ? (null, null, wrong) : (await analytics.TrustPeriod(user, first, last), null, null);
    }

    public static async Task<Results<Ok<NationalReference>, NoContent>> GetNationalReference(AnalyticsService analytics) =>
        await analytics.GetNationalReference() is { } reference ? TypedResults.Ok(reference) : TypedResults.NoContent();

    public static async Task<Results<Ok<NationalReference>, ProblemHttpResult>> SetNationalReference(NationalReference? reference, AnalyticsService analytics)
    {
        var problems = ReferenceProblems(reference);
        if (reference is null || problems.Count > 0)
        {
            return Rejection.Of(RejectionReason.InvalidNationalReference, problems)!.ToProblem();
        }

        await analytics.SetNationalReference(reference with { Label = reference.Label.Trim() });
        return TypedResults.Ok(reference);
    }

    public static async Task<NoContent> RemoveNationalReference(AnalyticsService analytics)
    {
        await analytics.SetNationalReference(null);
        return TypedResults.NoContent();
    }

    /// <summary>The school's analytics answered as <paramref name="answer"/> says, or 404 while the school has no figures.</summary>
    public static Task<Results<Ok<PeriodView>, ProblemHttpResult>> GetPeriod(string? from, string? to, KnownSchool school, ClaimsPrincipal user, AnalyticsService analytics) =>
        WithPeriod(from, to, school, user, analytics, view => Task.FromResult(TypedResults.Ok(view)));

    public static Task<Results<FileContentHttpResult, ProblemHttpResult>> GetGovernorsReport(
        string? from, string? to, KnownSchool school, ClaimsPrincipal user, AnalyticsService analytics, GovernorsReport report) =>
        WithPeriod(from, to, school, user, analytics, async view =>
        {
            var pdf = await report.Print(school, view);
            return TypedResults.File(pdf.Content, "application/pdf", pdf.FileName);
        });

    public static Task<Results<PushStreamHttpResult, ProblemHttpResult>> GetPeriodCsv(string? from, string? to, KnownSchool school, ClaimsPrincipal user, AnalyticsService analytics) =>
        WithPeriod(from, to, school, user, analytics, view => Task.FromResult(Csv(
            $"attendance-{view.SchoolId}-{view.FirstWeek:yyyy-MM-dd}-to-{view.LastWeek.AddDays(6):yyyy-MM-dd}.csv",
            ["UPN", "Name", "Class", "PossibleSessions", "SessionsAttended", "AttendancePercent", "Band", "PersistentlyAbsent", "SeverelyAbsent"],
            view.Pupils.Select(p => new[]
            {
                p.Upn, p.Name, p.ClassId, Text(p.PossibleSessions), Text(p.SessionsAttended), Text(p.AttendancePercent), p.Band,
                p.PersistentlyAbsent ? "Y" : "N", p.SeverelyAbsent ? "Y" : "N",
            }))));

    // A year and a bit: a school year with the weeks either side, never a walk over decades.
    private const int MostPeriodDays = 400;

    private static async Task<Results<TResult, ProblemHttpResult>> WithPeriod<TResult>(
        string? from, string? to, KnownSchool school, ClaimsPrincipal user, AnalyticsService analytics, Func<PeriodView, Task<TResult>> answer)
        where TResult : IResult
    {
        if (ReadPeriod(from, to, out var first, out var last) is { } invalid)
        {
            return invalid;
        }

        return await analytics.Period(school.Id, user, first, last) is { } view ? await answer(view) : KnownSchools.UnknownSchool(school.Id);
    }

    /// <summary>A period from the query (yyyy-MM-dd, the first not after the last, at most <see cref="MostPeriodDays"/> apart, in 2000-2099), or why not.</summary>
    private static ProblemHttpResult? ReadPeriod(string? from, string? to, out DateOnly first, out DateOnly last)
    {
        last = default;
        return DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out first)
            && DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out last)
            && last >= first && last.DayNumber - first.DayNumber <= MostPeriodDays && first.Year >= 2000 && last.Year <= 2099
            ? null
            : Problems.Invalid($"Give the period as from=yyyy-MM-dd and to=yyyy-MM-dd, the first day not after the last and at most {MostPeriodDays} days apart, in 2000-2099 (e.g. from=2026-09-03&to=2026-10-23 for the first half term).", "from", "to");
    }

    private static async Task<Results<TResult, ProblemHttpResult>> WithView<TResult>(
        KnownSchool school, ClaimsPrincipal user, AnalyticsService analytics, Func<SchoolAnalyticsView, TResult> answer)
        where TResult : IResult =>
        await analytics.School(school.Id, user) is { } view ? answer(view) : KnownSchools.UnknownSchool(school.Id);

    /// <summary>What is wrong with a national reference sent to be saved: nothing, or one sentence per problem.</summary>
    private static List<string> ReferenceProblems(NationalReference? reference)
    {
        if (reference is null)
        {
            return ["Send the reference as {\"label\": \"National, primary, 2024/25\", \"attendancePercent\": 94.5, \"persistentAbsencePercent\": 14.0}."];
        }

        List<string> problems = [];
        if (string.IsNullOrWhiteSpace(reference.Label) || reference.Label.Trim().Length > 80)
        {
            problems.Add("The label says what the figure is, as the charts name it (1 to 80 characters), e.g. \"National, primary, 2024/25\".");
        }

        if (reference.AttendancePercent is < 0 or > 100 || reference.PersistentAbsencePercent is < 0 or > 100)
        {
            problems.Add("Percentages are between 0 and 100.");
        }

        return problems;
    }

    internal static ContentHttpResult Chart(string svg) => TypedResults.Text(svg, "image/svg+xml; charset=utf-8");

    internal static int Width(string? width) => int.TryParse(width, CultureInfo.InvariantCulture, out var pixels) ? pixels : DefaultChartWidth;

    /// <summary>A code's meaning short enough to sit beside its bar: without its kind ("Leave of absence: …"), at most 28 characters.</summary>
    private static string Short(string description)
    {
        var meaning = description.Split(": ", 2)[^1];
        return meaning.Length > 28 ? $"{meaning[..27].TrimEnd()}…" : meaning;
    }

    private static PushStreamHttpResult Csv(string fileName, string[] header, IEnumerable<string[]> rows) => TypedResults.Stream(async body =>
    {
        await using var csv = CsvWriter.Create(body, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true);
        await csv.WriteRecordAsync(header);
        foreach (var row in rows)
        {
            await csv.WriteRecordAsync(row);
        }
    }, "text/csv; charset=utf-8", fileName);

    private static string Text(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Text(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
}
