using System.Globalization;
using System.Security.Claims;
using Attendance.Domain;
using Attendance.Grains;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Server.Api;
using CsvHelper;
using Microsoft.Extensions.Options;

namespace Attendance.Server.Analytics;

/// <summary>Settings for the analytics pages (section "Analytics").</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "Analytics";

    /// <summary>The smallest group whose figures are shown to readers outside the school (trust leaders): smaller ones could identify a pupil.</summary>
    public int MinimumGroupSize { get; set; } = 5;
}

/// <summary>A group's figures as this reader may see them: none for a group too small to show outside the school.</summary>
public sealed record GroupLine(
    string Dimension, string Group, int? Pupils, decimal? AttendancePercent, int? PersistentlyAbsent, decimal? PersistentAbsencePercent, int? SeverelyAbsent,
    decimal? SevereAbsencePercent, bool Suppressed)
{
    public static GroupLine Shown(GroupFigures f) => new(
        f.Dimension, f.Group, f.Pupils, f.AttendancePercent, f.PersistentlyAbsent, f.PersistentAbsencePercent, f.SeverelyAbsent, f.SevereAbsencePercent, false);

    public static GroupLine Hidden(GroupFigures f) => new(f.Dimension, f.Group, null, null, null, null, null, null, true);
}

public sealed record SchoolAnalyticsView(string SchoolId, string SchoolName, DateOnly On, int MinimumGroupSize, IReadOnlyList<GroupLine> Groups);

/// <summary>
/// A school's attendance this year by group (whole school, year group, sex, ethnicity, free school meals, pupil
/// premium, SEN, social worker): attendance, persistent and severe absence, from each pupil's running tally (kept by
/// the pupil's grain as marks arrive; nothing is read from the register). As JSON, CSV and an SVG bar chart.
/// </summary>
public static class SchoolAnalytics
{
    public const string WholeSchool = "School";

    public static RouteGroupBuilder MapAnalytics(this RouteGroupBuilder api)
    {
        var school = api.MapGroup("/schools/{schoolId}").WithTags("Analytics");

        school.MapGet("/analytics", async (string schoolId, ClaimsPrincipal user, IGrainFactory grains, IOptions<AnalyticsOptions> options, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock) =>
            await Build(schoolId, user, grains, options.Value, clock) is { } view ? Results.Ok(view) : SchoolEndpoints.UnknownSchool(schoolId))
            .RequireAccess(Capability.ViewSchool)
            .WithSummary("The school's attendance, persistent and severe absence this year by group, against the whole school; groups too small are not shown outside the school");

        school.MapGet("/analytics.csv", async (string schoolId, ClaimsPrincipal user, IGrainFactory grains, IOptions<AnalyticsOptions> options, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock) =>
            await Build(schoolId, user, grains, options.Value, clock) is { } view
                ? Results.Stream(body => WriteCsv(body, view), "text/csv; charset=utf-8", $"attendance-by-group-{schoolId}-{view.On:yyyy-MM-dd}.csv")
                : SchoolEndpoints.UnknownSchool(schoolId))
            .RequireAccess(Capability.ViewSchool)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("The figures by group as CSV");

        school.MapGet("/analytics.svg", async (string schoolId, string? dimension, int? width, ClaimsPrincipal user, IGrainFactory grains, IOptions<AnalyticsOptions> options, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock) =>
        {
            if (await Build(schoolId, user, grains, options.Value, clock) is not { } view)
            {
                return SchoolEndpoints.UnknownSchool(schoolId);
            }

            var groups = view.Groups.Where(g => g.Dimension == dimension).ToList();
            return groups.Count == 0
                ? Problems.Invalid($"Say which grouping to chart (dimension), one of: {string.Join(", ", view.Groups.Select(g => g.Dimension).Distinct().Where(d => d != WholeSchool))}.", "dimension")
                : Results.Text(AttendanceChart.Svg(view, dimension!, groups, width ?? 640), "image/svg+xml; charset=utf-8");
        })
            .RequireAccess(Capability.ViewSchool)
            .Produces(StatusCodes.Status200OK, contentType: "image/svg+xml")
            .WithSummary("A bar chart of attendance by one grouping against the whole school, as SVG (width: the pixels it will be shown at, 320-960)");

        return api;
    }

    private static async Task<SchoolAnalyticsView?> Build(string schoolId, ClaimsPrincipal user, IGrainFactory grains, AnalyticsOptions options, TimeProvider clock)
    {
        var school = grains.GetGrain<ISchoolGrain>(schoolId);
        if (await school.GetSettings() is not { } settings)
        {
            return null;
        }

        var today = DateOnly.FromDateTime(settings.LocalTime(clock.GetUtcNow()));
        var listing = await school.GetPupils();
        var summaries = await Task.WhenAll(listing.Select(p => grains.GetPupil(schoolId, p.Upn).GetSummary(today, null)));
        var figures = GroupFigures.Of(summaries.OfType<PupilSummary>().Select(s => (Groups(s.Pupil), s.Attendance)));

        // Inside the school everyone is known anyway; outside it (trust leaders) a small group could be one pupil.
        var outside = !StaffUser.From(user).Schools.Contains(schoolId);
        return new SchoolAnalyticsView(schoolId, settings.Name, today, options.MinimumGroupSize,
            [.. figures.Select(f => outside && f.Pupils < options.MinimumGroupSize ? GroupLine.Hidden(f) : GroupLine.Shown(f))]);
    }

    /// <summary>The groups a pupil belongs to, one per dimension, in the school's words.</summary>
    private static IReadOnlyList<(string, string)> Groups(PupilDetails pupil)
    {
        var c = pupil.Characteristics;
        return
        [
            (WholeSchool, "All pupils"),
            ("Year group", pupil.YearGroup == "R" ? "Reception" : $"Year {pupil.YearGroup}"),
            ("Sex", c?.Sex switch { Sex.Female => "Female", Sex.Male => "Male", _ => "Not recorded" }),
            ("Ethnicity", c?.Ethnicity ?? "Not recorded"),
            ("Free school meals", c is null ? "Not recorded" : c.FreeSchoolMeals ? "Eligible" : "Not eligible"),
            ("Pupil premium", pupil.Flags.PupilPremium ? "Pupil premium" : "Not pupil premium"),
            ("SEN", c?.SenProvision switch { SenProvision.EhcPlan => "EHC plan", SenProvision.SenSupport => "SEN support", null => pupil.Flags.Send ? "SEND" : "No SEND", _ => "No SEN" }),
            ("Social worker", pupil.Flags.HasSocialWorker ? "Has a social worker" : "No social worker"),
        ];
    }

    private static async Task WriteCsv(Stream body, SchoolAnalyticsView view)
    {
        await using var csv = CsvWriter.Create(body, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true);
        await csv.WriteRecordAsync(["Grouping", "Group", "Pupils", "AttendancePercent", "PersistentlyAbsent", "PersistentAbsencePercent", "SeverelyAbsent", "SevereAbsencePercent"]);
        foreach (var g in view.Groups)
        {
            await csv.WriteRecordAsync(g.Suppressed
                ? [g.Dimension, g.Group, $"fewer than {view.MinimumGroupSize}", "", "", "", "", ""]
                : [g.Dimension, g.Group, Text(g.Pupils), Text(g.AttendancePercent), Text(g.PersistentlyAbsent), Text(g.PersistentAbsencePercent), Text(g.SeverelyAbsent), Text(g.SevereAbsencePercent)]);
        }
    }

    private static string Text(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Text(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
}
