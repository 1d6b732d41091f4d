using System.Globalization;
using System.Security.Claims;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Server.Api;
using CsvHelper;
using Attendance.Grains.Registers;
using Attendance.Grains.Schools;
using Attendance.Server.Http;

namespace Attendance.Server.Returns;

/// <summary>
/// The DfE's daily attendance data (its "Share your daily school attendance data" guidance): for every pupil on roll,
/// their identifiers and characteristics with the school's URN and LAESTAB, and the code of each session in the range,
/// one row per pupil per open session they were on roll (a session not marked yet has an empty code), with their
/// entry and leaving dates from the admission register. What the trust's data-sharing
/// agent collects; only the office and trust leaders may take it, and each extract is recorded with who and when.
/// </summary>
public static class DfeAttendanceExtract
{
    /// <summary>The data-sharing agent collects daily; a longer range is a catch-up, kept to a half term.</summary>
    public const int MaxDays = 62;

    public static readonly string[] Header =
    [
        "URN", "LAESTAB", "UPN", "LegalForename", "LegalSurname", "DateOfBirth", "Sex", "Ethnicity", "YearGroup", "FSM", "SENProvision",
        "LookedAfter", "PreviouslyLookedAfter", "ChildInNeed", "EntryDate", "LeavingDate", "SessionDate", "Session", "AttendanceCode",
    ];

    public static RouteGroupBuilder MapReturns(this RouteGroupBuilder api)
    {
        var school = api.MapGroup("/schools/{schoolId}/returns").WithTags("Returns");

        school.MapGet("/dfe-attendance.csv", async (
            string schoolId, DateOnly? from, DateOnly? to, ClaimsPrincipal user, IGrainFactory grains, ILegalRegister register,
            [FromKeyedServices(SchoolClock.Key)] TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        {
            if (!DateRange.TryRead(from, to, MaxDays, out var first, out var last))
            {
                return Problems.Invalid($"The extract needs from and to dates (e.g. from=2026-11-09&to=2026-11-13), from not after to, at most {MaxDays} days.", "from", "to");
            }

            var settings = await grains.GetGrain<ISchoolGrain>(schoolId).GetSettings();
            if (settings is null)
            {
                return SchoolEndpoints.UnknownSchool(schoolId);
            }

            if (settings.Urn is null || settings.LaEstab is null)
            {
                return Problems.Invalid($"The school's URN and LAESTAB are not set, and the DfE identifies schools by them. Set them in the school's settings (urn, laEstab) first.", "urn", "laEstab");
            }

            var pupils = await SchoolPupils.OnRollBetween(grains, schoolId, first, last);
            var codes = Current(await register.Read(schoolId, first, last, cancellationToken));
            List<Session> sessions = [.. SessionRange.Days(first, last).OpenSessions(settings.Calendar)];
            var staff = user.Staff();
            await grains.GetGrain<IExtractLogGrain>(schoolId).Record(new ExtractRecord(
                ExtractKind.DfeDailyAttendance, first, last, pupils.Count, pupils.Sum(p => sessions.Count(s => p.OnRollOn(s.Date))), staff.Name, staff.Position, clock.GetUtcNow()));
            loggers.CreateLogger(typeof(DfeAttendanceExtract)).LogInformation("DfE attendance extract of school {SchoolId} for {From} to {To} taken by {Staff} ({Role}): {Pupils} pupils", schoolId, first, last, staff.Name, staff.Position, pupils.Count);
            return Results.Stream(
                body => Write(body, settings, pupils, sessions, codes),
                "text/csv; charset=utf-8",
                $"dfe-attendance-{settings.Urn}-{first:yyyy-MM-dd}-to-{last:yyyy-MM-dd}.csv");
        })
            .RequireAccess(Capability.StatutoryExtract)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("The DfE's daily attendance data for a date range as CSV: each pupil's identifiers and characteristics and each session's code; recorded with who took it");

        school.MapGet("/extracts", async (string schoolId, IGrainFactory grains) =>
            await SchoolEndpoints.IfUnknown(schoolId, grains) ?? Results.Ok(await grains.GetGrain<IExtractLogGrain>(schoolId).List()))
            .RequireAccess(Capability.StatutoryExtract)
            .WithSummary("Every statutory extract taken from the school: what, which dates, how many pupils, who and when");

        return api;
    }

    /// <summary>Each session's code now: the latest line (an amendment replaces the code, the original stays in the register).</summary>
    private static Dictionary<(string Upn, Session Session), string> Current(IReadOnlyList<LegalRegisterLine> lines) =>
        lines.GroupBy(l => (l.Upn, l.Session)).ToDictionary(g => g.Key, g => g.MaxBy(l => l.EntryNo)!.Code);

    private static async Task Write(Stream body, SchoolSettings settings, List<PupilOnRoll> pupils, List<Session> sessions, Dictionary<(string, Session), string> codes)
    {
        await using var csv = CsvWriter.Create(body, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true);
        await csv.WriteRecordAsync(Header);
        foreach (var (pupil, roll) in pupils)
        {
            var c = pupil.Characteristics ?? new PupilCharacteristics();
            foreach (var session in sessions)
            {
                var period = roll?.FirstOrDefault(p => p.Covers(session.Date));
                if (roll is not null && period is null)
                {
                    continue; // not on roll that day: no row
                }

                await csv.WriteRecordAsync(
                [
                    settings.Urn!, settings.LaEstab!, pupil.Upn, pupil.LegalForename, pupil.LegalSurname, Date(pupil.DateOfBirth),
                    PupilCharacteristics.CodeOf(c.Sex) ?? "", c.Ethnicity ?? "", pupil.YearGroup, YesNo(c.FreeSchoolMeals), PupilCharacteristics.CodeOf(c.SenProvision),
                    YesNo(c.LookedAfter), YesNo(c.PreviouslyLookedAfter), PupilCharacteristics.CodeOf(c.SocialCare) ?? "",
                    period is null ? "" : Date(period.From), period?.To is { } left ? Date(left) : "",
                    Date(session.Date), session.Part.ToString(), codes.GetValueOrDefault((pupil.Upn, session)) ?? "",
                ]);
            }
        }
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string YesNo(bool value) => value ? "Y" : "N";
}
