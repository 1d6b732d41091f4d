using System.Globalization;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Server.Api;
using CsvHelper;
using Attendance.Server.Http;

namespace Attendance.Server.Returns;

/// <summary>One pupil on one of the local authority's lists, with the figure that put them there.</summary>
/// <param name="Figure">School days absent without permission in a row; illness days this year; or attendance this year (%).</param>
/// <param name="Since">For the 10-day list, the first day of the run.</param>
public sealed record ReturnLine(string Upn, string LegalName, string YearGroup, string ClassId, decimal Figure, DateOnly? Since = null, bool Severe = false);

/// <param name="TenDays">Absent without permission for 10 continuous school days or more (the school's <c>informLocalAuthorityDays</c>).</param>
/// <param name="Sickness">15 school days or more of illness this school year, consecutive or cumulative (the sickness return).</param>
/// <param name="PersistentAbsence">Missed 10% or more of possible sessions this year (severe: 50% or more).</param>
public sealed record LocalAuthorityReturn(DateOnly On, IReadOnlyList<ReturnLine> TenDays, IReadOnlyList<ReturnLine> Sickness, IReadOnlyList<ReturnLine> PersistentAbsence);

/// <summary>
/// The lists the local authority asks schools for (2024 regulations and the attendance guidance), worked out from
/// the register on a given day, on screen (JSON) and as CSV; and the school census's termly attendance figures
/// per pupil by reason code.
/// </summary>
public static class LocalAuthorityReturns
{
    public static RouteGroupBuilder MapLocalAuthorityReturns(this RouteGroupBuilder api)
    {
        var returns = api.MapGroup("/schools/{schoolId}/returns").WithTags("Returns");

        returns.MapGet("/local-authority", async (string schoolId, DateOnly? on, IGrainFactory grains) =>
            await Build(grains, schoolId, on) is var (result, problem) && problem is not null ? problem : Results.Ok(result))
            .RequireAccess(Capability.ExportRegister)
            .WithSummary("The local authority's lists on a day: 10 continuous school days absent without permission, 15 days' illness this year, persistent and severe absence");

        returns.MapGet("/local-authority.csv", async (string schoolId, DateOnly? on, IGrainFactory grains) =>
        {
            var (result, problem) = await Build(grains, schoolId, on);
            return problem ?? Results.Stream(body => WriteLists(body, result!), "text/csv; charset=utf-8", $"local-authority-returns-{schoolId}-{result!.On:yyyy-MM-dd}.csv");
        })
            .RequireAccess(Capability.ExportRegister)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("The local authority's lists on a day as CSV, one row per pupil per list");

        returns.MapGet("/census.csv", async (string schoolId, DateOnly? from, DateOnly? to, IGrainFactory grains) =>
        {
            if (!DateRange.TryRead(from, to, LegalRegisterEndpoints.MaxExportDays, out var first, out var last))
            {
                return Problems.Invalid("The census figures need the term's from and to dates (e.g. from=2026-09-03&to=2026-12-18), from not after to.", "from", "to");
            }

            if (await grains.GetGrain<ISchoolGrain>(schoolId).GetSettings() is not { } settings)
            {
                return SchoolEndpoints.UnknownSchool(schoolId);
            }

            List<Session> sessions = [.. SessionRange.Days(first, last).OpenSessions(settings.Calendar)];
            var pupils = await SchoolPupils.Registers(grains, schoolId);
            return Results.Stream(body => WriteCensus(body, pupils, sessions), "text/csv; charset=utf-8", $"census-attendance-{schoolId}-{first:yyyy-MM-dd}-to-{last:yyyy-MM-dd}.csv");
        })
            .RequireAccess(Capability.ExportRegister)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("The school census's termly attendance figures per pupil: sessions possible, attended, and missed by each reason code");

        return api;
    }

    private static async Task<(LocalAuthorityReturn? Result, IResult? Problem)> Build(IGrainFactory grains, string schoolId, DateOnly? on)
    {
        var school = grains.GetGrain<ISchoolGrain>(schoolId);
        if (await school.GetSettings() is not { } settings)
        {
            return (null, SchoolEndpoints.UnknownSchool(schoolId));
        }

        if (on is not { } day)
        {
            return (null, Problems.Invalid("Say which day the lists are for, e.g. on=2026-11-10.", "on"));
        }

        var rules = (await school.GetPolicy())?.Policy.FollowUp ?? new FollowUpRules();
        List<Session> year = [.. SessionRange.Days(settings.Calendar.FirstDay ?? day, day).OpenSessions(settings.Calendar)];
        var tenDays = new List<ReturnLine>();
        var sickness = new List<ReturnLine>();
        var persistent = new List<ReturnLine>();
        foreach (var (pupil, register) in await SchoolPupils.Registers(grains, schoolId))
        {
            ReturnLine Line(decimal figure, DateOnly? since = null, bool severe = false) =>
                new(pupil.Upn, pupil.LegalName, pupil.YearGroup, pupil.RegistrationGroup, figure, since, severe);

            var run = AbsenceRun.Measure(settings.Calendar, day, register.CurrentMark);
            if (run.UnauthorisedDays >= rules.InformLocalAuthorityDays)
            {
                tenDays.Add(Line(run.UnauthorisedDays, run.Since));
            }

            var totals = SchoolPupils.Totals(register, year);
            if (totals.SicknessReturnDue)
            {
                sickness.Add(Line(totals.IllnessDays));
            }

            if (totals.Tally is { IsPersistentlyAbsent: true, AttendancePercent: { } percent } tally)
            {
                persistent.Add(Line(percent, severe: tally.IsSeverelyAbsent));
            }
        }

        return (new LocalAuthorityReturn(day, tenDays, sickness, [.. persistent.OrderBy(p => p.Figure)]), null);
    }

    private static async Task WriteLists(Stream body, LocalAuthorityReturn result)
    {
        await using var csv = CsvWriter.Create(body, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true);
        await csv.WriteRecordAsync(["List", "UPN", "LegalName", "YearGroup", "Class", "Figure", "Since", "Severe"]);
        foreach (var (list, lines) in new[] { ("Absent 10 school days without permission", result.TenDays), ("Illness 15 days this year", result.Sickness), ("Persistent absence", result.PersistentAbsence) })
        {
            foreach (var line in lines)
            {
                await csv.WriteRecordAsync(
                [
                    list, line.Upn, line.LegalName, line.YearGroup, line.ClassId, line.Figure.ToString(CultureInfo.InvariantCulture),
                    line.Since?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", line.Severe ? "Y" : "N",
                ]);
            }
        }
    }

    /// <summary>The codes the census counts: approved activities and every reason for absence, in the national table's order.</summary>
    private static readonly string[] CensusCodes =
    [
        .. NationalCodes.All
            .Where(c => c.Category is AttendanceCategory.ApprovedEducationalActivity or AttendanceCategory.AuthorisedAbsence or AttendanceCategory.UnauthorisedAbsence)
            .Select(c => c.Code),
    ];

    private static async Task WriteCensus(Stream body, List<(PupilDetails Pupil, PupilRegister Register)> pupils, List<Session> sessions)
    {
        await using var csv = CsvWriter.Create(body, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true);
        await csv.WriteRecordAsync(["UPN", "LegalSurname", "LegalForename", "YearGroup", "SessionsPossible", "SessionsAttended", "AuthorisedAbsence", "UnauthorisedAbsence", .. CensusCodes]);
        foreach (var (pupil, register) in pupils)
        {
            var totals = SchoolPupils.Totals(register, sessions);
            var tally = totals.Tally;
            await csv.WriteRecordAsync(
            [
                pupil.Upn, pupil.LegalSurname, pupil.LegalForename, pupil.YearGroup, Text(tally.PossibleSessions), Text(tally.SessionsAttended),
                Text(tally.AuthorisedAbsence), Text(tally.UnauthorisedAbsence), .. CensusCodes.Select(code => Text(totals[code])),
            ]);
        }
    }

    private static string Text(int number) => number.ToString(CultureInfo.InvariantCulture);
}
