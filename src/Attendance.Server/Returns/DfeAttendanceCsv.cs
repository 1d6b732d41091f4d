using System.Globalization;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using CsvHelper;

namespace Attendance.Server.Returns;

/// <summary>
/// The DfE's daily attendance data as CSV (its "Share your daily school attendance data" guidance): one row per pupil
/// per open session they were on roll, with their identifiers and characteristics, the school's URN and LAESTAB, their
/// entry and leaving dates from the admission register, and the session's code (empty when not marked yet).
/// </summary>
public static class DfeAttendanceCsv
{
    public static readonly string[] Header =
    [
        "URN", "LAESTAB", "UPN", "LegalForename", "LegalSurname", "DateOfBirth", "Sex", "Ethnicity", "YearGroup", "FSM", "SENProvision",
        "LookedAfter", "PreviouslyLookedAfter", "ChildInNeed", "EntryDate", "LeavingDate", "SessionDate", "Session", "AttendanceCode",
    ];

    /// <param name="settings">The school's settings, with its URN and LAESTAB set.</param>
    public static async Task Write(Stream body, SchoolSettings settings, DfeAttendanceData extract)
    {
        await using var csv = CsvWriter.Create(body, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true);
        await csv.WriteRecordAsync(Header);
        foreach (var (pupil, roll) in extract.Pupils)
        {
            var c = pupil.Characteristics ?? new PupilCharacteristics();
            foreach (var session in extract.Sessions)
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
                    Date(session.Date), session.Part.ToString(), extract.Codes.GetValueOrDefault((pupil.Upn, session)) ?? "",
                ]);
            }
        }
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string YesNo(bool value) => value ? "Y" : "N";
}
