using System.Security.Claims;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Server.Api;
using Attendance.Grains.Analytics;
using Attendance.Server.Http;

namespace Attendance.Server.Analytics;

/// <summary>One school's year so far in the trust's table.</summary>
public sealed record SchoolYearLine(
    string SchoolId, string SchoolName, int Pupils, decimal? AttendancePercent, decimal? PersistentAbsencePercent, decimal? SevereAbsencePercent,
    decimal? AuthorisedAbsencePercent, decimal? UnauthorisedAbsencePercent, int HeadingForWorseBand);

public sealed record TrustAnalyticsView(NationalReference? National, IReadOnlyList<SchoolYearLine> Schools);

/// <summary>
/// The trust's table of its schools this year, each measure from the school's roll-up, with the national reference
/// the trust enters to compare them with. Whole-school figures only, so no group is small enough to need hiding.
/// </summary>
public static class TrustAnalytics
{
    public static RouteGroupBuilder MapTrustAnalytics(this RouteGroupBuilder api)
    {
        var trust = api.MapGroup("/trust").WithTags("Analytics");

        trust.MapGet("/analytics", async (ClaimsPrincipal user, IGrainFactory grains) =>
            Results.Ok(await Build(user, grains)))
            .WithSummary("Each school the reader may see, this year so far: pupils, attendance, persistent and severe absence, authorised and unauthorised absence rates, pupils heading for a worse band");

        trust.MapGet("/analytics.csv", async (ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var view = await Build(user, grains);
            return SchoolAnalytics.Csv(
                "schools-this-year.csv",
                ["School", "Pupils", "AttendancePercent", "PersistentAbsencePercent", "SevereAbsencePercent", "AuthorisedAbsencePercent", "UnauthorisedAbsencePercent", "HeadingForWorseBand"],
                view.Schools.Select(s => new[]
                {
                    s.SchoolName, SchoolAnalytics.Text(s.Pupils), SchoolAnalytics.Text(s.AttendancePercent), SchoolAnalytics.Text(s.PersistentAbsencePercent),
                    SchoolAnalytics.Text(s.SevereAbsencePercent), SchoolAnalytics.Text(s.AuthorisedAbsencePercent), SchoolAnalytics.Text(s.UnauthorisedAbsencePercent),
                    SchoolAnalytics.Text(s.HeadingForWorseBand),
                }));
        })
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("The trust's table as CSV");

        trust.MapGet("/national-reference", async (IGrainFactory grains) =>
            await grains.GetGrain<INationalReferenceGrain>(ISchoolDirectoryGrain.Key).Get() is { } reference ? Results.Ok(reference) : Results.NoContent())
            .WithSummary("The national figure the trust compares its schools with, if it has entered one");

        trust.MapPut("/national-reference", async (NationalReference? reference, IGrainFactory grains) =>
        {
            if (Problems(reference) is { Count: > 0 } problems)
            {
                return Rejection.Of(RejectionReason.InvalidNationalReference, problems)!.ToProblem();
            }

            await grains.GetGrain<INationalReferenceGrain>(ISchoolDirectoryGrain.Key).Set(reference! with { Label = reference.Label.Trim() });
            return Results.Ok(reference);
        })
            .RequireAccess(Capability.TrustPolicy)
            .WithSummary("Set the national figure to compare with: a label (e.g. \"National, primary, 2024/25\"), attendance % and optionally persistent absence %");

        trust.MapDelete("/national-reference", async (IGrainFactory grains) =>
        {
            await grains.GetGrain<INationalReferenceGrain>(ISchoolDirectoryGrain.Key).Set(null);
            return Results.NoContent();
        }).RequireAccess(Capability.TrustPolicy).WithSummary("Remove the national reference");

        return api;
    }

    private static List<string> Problems(NationalReference? reference)
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

    private static async Task<TrustAnalyticsView> Build(ClaimsPrincipal user, IGrainFactory grains)
    {
        var staff = StaffUser.From(user);
        var schools = (await grains.GetGrain<ISchoolDirectoryGrain>(ISchoolDirectoryGrain.Key).GetSchools())
            .Where(s => AccessRules.Allows(staff, Capability.ViewSchool, s.SchoolId));
        var lines = await Task.WhenAll(schools.Select(s => Line(grains, s.SchoolId)));
        var national = await grains.GetGrain<INationalReferenceGrain>(ISchoolDirectoryGrain.Key).Get();
        return new TrustAnalyticsView(national, [.. lines.OfType<SchoolYearLine>().OrderBy(l => l.SchoolName, StringComparer.Ordinal)]);
    }

    private static async Task<SchoolYearLine?> Line(IGrainFactory grains, string schoolId)
    {
        if (await grains.GetGrain<ISchoolFiguresGrain>(schoolId).Get() is not { } figures)
        {
            return null;
        }

        var whole = figures.Groups.First(g => g.Dimension == PupilGroups.WholeSchool);
        var year = CodeTotals.Of(figures.Codes).Tally;
        return new SchoolYearLine(
            schoolId, figures.SchoolName, whole.Pupils, whole.AttendancePercent, whole.PersistentAbsencePercent, whole.SevereAbsencePercent,
            Percent.Of(year.AuthorisedAbsence, year.PossibleSessions), Percent.Of(year.UnauthorisedAbsence, year.PossibleSessions),
            figures.Heading.Count);
    }
}
