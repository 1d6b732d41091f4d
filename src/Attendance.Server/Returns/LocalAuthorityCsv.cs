using System.Globalization;
using Attendance.Domain;
using CsvHelper;

namespace Attendance.Server.Returns;

/// <summary>The local authority's lists and the school census's termly figures as CSV.</summary>
public static class LocalAuthorityCsv
{
    /// <summary>The codes the census counts: approved activities and every reason for absence, in the national table's order.</summary>
    private static readonly string[] CensusCodes =
    [
        .. NationalCodes.All
            .Where(c => c.Category is AttendanceCategory.ApprovedEducationalActivity or AttendanceCategory.AuthorisedAbsence or AttendanceCategory.UnauthorisedAbsence)
            .Select(c => c.Code),
    ];

    /// <summary>The lists on a day, one row per pupil per list.</summary>
    public static async Task WriteLists(Stream body, LocalAuthorityReturn lists)
    {
        await using var csv = CsvWriter.Create(body, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true);
        await csv.WriteRecordAsync(["List", "UPN", "LegalName", "YearGroup", "Class", "Figure", "Since", "Severe"]);
        foreach (var (list, lines) in new[] { ("Absent 10 school days without permission", lists.TenDays), ("Illness 15 days this year", lists.Sickness), ("Persistent absence", lists.PersistentAbsence) })
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

    /// <summary>
    /// The census figures per pupil: sessions possible, attended, authorised and unauthorised, and missed by each code,
    /// over the sessions each was on roll.
    /// </summary>
    public static async Task WriteCensus(Stream body, CensusData census)
    {
        await using var csv = CsvWriter.Create(body, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true);
        await csv.WriteRecordAsync(["UPN", "LegalSurname", "LegalForename", "YearGroup", "SessionsPossible", "SessionsAttended", "AuthorisedAbsence", "UnauthorisedAbsence", .. CensusCodes]);
        foreach (var (onRoll, register) in census.Pupils)
        {
            var pupil = onRoll.Pupil;
            var totals = SchoolPupils.Totals(register, census.Sessions.Where(s => onRoll.OnRollOn(s.Date)));
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
