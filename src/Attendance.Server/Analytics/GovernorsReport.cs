using System.Globalization;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Analytics;
using Attendance.Server.Http;
using Attendance.Server.Letters;
using Microsoft.Extensions.Options;

namespace Attendance.Server.Analytics;

/// <summary>
/// The termly report to governors (seed 004 §12.4: "attendance data, patterns and trends are reported to Local
/// Governance Committees"), one PDF with charts: the headline figures against the target and the national reference,
/// week by week, by year group and by the groups governors are asked about, and how many pupils are in each band. It
/// leaves the school, so no pupil is named and a group smaller than the minimum is not shown, whoever prints it.
/// </summary>
public sealed class GovernorsReport(IGrainFactory grains, AnalyticsService analytics, IOptions<AnalyticsOptions> options, [FromKeyedServices(Grains.Schools.SchoolClock.Key)] TimeProvider clock)
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>The groupings shown (a class, an ethnicity or a social worker would be too small or too sensitive for governors).</summary>
    private static readonly string[] Groupings = ["Sex", "Free school meals", "Pupil premium", "SEN"];

    public async Task<LetterPdf> Print(KnownSchool school, PeriodView view)
    {
        var policy = (await grains.GetGrain<ISchoolGrain>(school.Id).GetPolicy())!.Policy;
        var national = await analytics.GetNationalReference();
        var minimum = options.Value.MinimumGroupSize;
        var last = view.LastWeek.AddDays(6);
        var term = school.Settings.Calendar.Terms.FirstOrDefault(t => SchoolCalendar.MondayOf(t.Start) == view.FirstWeek && SchoolCalendar.MondayOf(t.End) == view.LastWeek);
        var whole = view.Groups.First(g => g.Dimension == PupilGroups.WholeSchool);
        bool Shown(GroupLine g) => !g.Suppressed && g.Pupils >= minimum;

        var pages = new PdfPages();
        pages.NewPage();
        pages.RightAligned(view.SchoolName);
        pages.RightAligned($"Prepared {DateOnly.FromDateTime(school.Settings.LocalTime(clock.GetUtcNow())).ToString("d MMMM yyyy", English)}");
        pages.Paragraph(term is { } t
            ? $"Attendance report to governors: {t.Name}, {t.Start.ToString("d MMMM", English)} to {t.End.ToString("d MMMM yyyy", English)}"
            : $"Attendance report to governors: the weeks of {view.FirstWeek.ToString("d MMMM", English)} to {last.ToString("d MMMM yyyy", English)}", size: 14, strong: true);
        pages.Paragraph($"Figures only: no pupil is named, and a group of fewer than {minimum} pupils is not shown. Persistent absence is missing 10% or more of the possible sessions in the period, severe absence 50% or more.", size: 9);
        pages.Paragraph(
            $"Attendance {Percent(whole.AttendancePercent)} against the school's target of {policy.TargetPercent:0.0}%" +
            (national is { } n ? $" and {n.Label} of {n.AttendancePercent:0.0}%." : ".") +
            $" {whole.Pupils} pupils; persistently absent {whole.PersistentlyAbsent} ({Percent(whole.PersistentAbsencePercent)})" +
            (national?.PersistentAbsencePercent is { } pa ? $", nationally {pa:0.0}%" : "") +
            $"; severely absent {whole.SeverelyAbsent} ({Percent(whole.SevereAbsencePercent)}).", strong: true);

        pages.Paragraph("Attendance week by week", strong: true);
        pages.BarChart([.. view.Weeks.Select(w => ($"Week of {w.Monday.ToString("d MMM", English)}", w.AttendancePercent))], policy.TargetPercent, "target");

        pages.Paragraph("Attendance by year group", strong: true);
        pages.BarChart([.. view.Groups.Where(g => g.Dimension == "Year group").Select(g => (Shown(g) ? g.Group : $"{g.Group} (fewer than {minimum})", Shown(g) ? g.AttendancePercent : null))],
            policy.TargetPercent, "target");

        pages.Paragraph("Groups", strong: true);
        pages.Grid([$"{"Group",-38}{"Pupils",8}{"Attendance",12}{"Persistent",12}{"Severe",8}",
            .. view.Groups.Where(g => Groupings.Contains(g.Dimension)).Select(g => (Name: Cut($"{g.Dimension}: {g.Group}"), Line: g)).Select(g => Shown(g.Line)
                ? $"{g.Name,-38}{g.Line.Pupils,8}{Percent(g.Line.AttendancePercent),12}{Percent(g.Line.PersistentAbsencePercent),12}{Percent(g.Line.SevereAbsencePercent),8}"
                : $"{g.Name,-38}{$"fewer than {minimum}",8}")]);

        pages.Paragraph("");
        pages.Paragraph("Pupils by the policy's attendance bands in the period", strong: true);
        pages.Grid([.. policy.Bands.Select(b => $"{Cut(b.Name),-38}{view.Pupils.Count(p => p.Band == b.Name),8} pupils   (from {b.MinimumPercent:0}%)")]);
        return new LetterPdf(pages.Build(), $"governors-report-{view.SchoolId}-{view.FirstWeek:yyyy-MM-dd}-to-{last:yyyy-MM-dd}.pdf");
    }

    private static string Percent(decimal? value) => value is { } v ? $"{v:0.0}%" : "–";

    private static string Cut(string text) => text.Length <= 36 ? text : $"{text[..35]}…";
}
