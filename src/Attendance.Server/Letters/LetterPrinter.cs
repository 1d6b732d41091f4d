using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Screens;
using Attendance.Grains.Letters;

namespace Attendance.Server.Letters;

/// <summary>
/// Prints letters home and registration certificates into one PDF: a letter per pupil on its own pages (merge fields
/// from the pupil's register as it stands), followed by the certificate where the template encloses one.
/// </summary>
/// <param name="into">Pages already begun (an evidence pack ends with the certificate); new ones when null.</param>
public sealed class LetterPrinter(IGrainFactory grains, string schoolId, SchoolSettings settings, DateOnly today, PdfPages? into = null)
{
    private readonly PdfPages pages = into ?? new();

    /// <param name="MeetingAt">For a meeting letter: when (as the letter should say it, e.g. "Tuesday 1 December at 9:00").</param>
    public sealed record Options(string? MeetingAt, string? MeetingWith, Staff SignedBy);

    /// <summary>Prints one pupil's letter; the merge fields it used, for the e-mail that may carry it.</summary>
    public async Task<IReadOnlyDictionary<string, string>> Letter(string upn, LetterTemplate template, Options options)
    {
        var (pupil, className, tally, entries) = await Pupil(upn);
        var fields = Fields(pupil, className, tally, entries, options);
        pages.NewPage();
        pages.RightAligned(settings.Name);
        pages.RightAligned(today.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB")));
        pages.Paragraph("");
        foreach (var paragraph in Liquid.Render(template.Body, fields).Replace("\r", "").Split("\n\n").Select(p => p.Trim()))
        {
            pages.Paragraph(paragraph, strong: paragraph.StartsWith("Re:", StringComparison.Ordinal));
        }

        if (template.EnclosesCertificate)
        {
            Certificate(pupil, className, tally, entries);
        }

        return fields;
    }

    /// <summary>Prints a pupil's registration certificate: the year so far as a grid of codes, with the totals.</summary>
    public async Task Certificate(string upn)
    {
        var (pupil, className, tally, entries) = await Pupil(upn);
        Certificate(pupil, className, tally, entries);
    }

    public byte[] Build() => pages.Build();

    private void Certificate(PupilDetails pupil, string className, TallySnapshot tally, IReadOnlyList<RegisterEntry> entries)
    {
        pages.NewPage();
        pages.Paragraph($"Registration certificate: {pupil.DisplayName}", size: 14, strong: true);
        pages.Paragraph($"Legal name {pupil.LegalName}, UPN {pupil.Upn}, {className}, {settings.Name}. The school year to {today:d MMMM yyyy}.");
        pages.Paragraph(
            $"Possible sessions {tally.PossibleSessions}. Attended {tally.SessionsAttended} (late before the register closed: {tally.Late}). " +
            $"Authorised absence {tally.AuthorisedAbsence}. Unauthorised absence {tally.UnauthorisedAbsence} (arrived after the register closed: {tally.ArrivedAfterRegisterClosed}). " +
            $"Attendance {(tally.AttendancePercent is { } percent ? $"{percent:0.0}%" : "not yet measured")}.", strong: true);
        pages.Paragraph("Each school week: the morning and afternoon code of each day (national codes; '.' not yet marked, '#' school closed, '-' no school).", size: 9);
        var days = PupilCalendar.Calendar(settings.Calendar, AcademicYear.Of(today), entries).Where(d => d.Date <= today && d.Closed != "weekend").ToList();
        pages.Grid(days.GroupBy(d => d.Date.AddDays(-(((int)d.Date.DayOfWeek + 6) % 7)))
            .Where(week => week.Any(d => d.Closed is null))
            .Select(week => $"w/c {week.Key:dd MMM yy} " + string.Concat(week.Select(d => $" {d.Date:ddd}[{Code(d, d.Am)} {Code(d, d.Pm)}]"))));
    }

    private static string Code(CalendarDay day, string? code) => (day.Closed is null ? code ?? "." : day.Closed == "closure" ? "#" : "-").PadRight(2);

    private async Task<(PupilDetails Pupil, string ClassName, TallySnapshot Tally, IReadOnlyList<RegisterEntry> Entries)> Pupil(string upn)
    {
        var grain = grains.GetPupil(schoolId, upn);
        var summary = await grain.GetSummary(today, settings.Calendar.SchoolWeek(today))
            ?? throw new InvalidOperationException($"Pupil {upn} is not on roll at {schoolId}.");
        var classes = await grains.GetGrain<ISchoolGrain>(schoolId).GetClasses();
        var className = classes.FirstOrDefault(c => c.Id == summary.Pupil.RegistrationGroup)?.Name ?? summary.Pupil.RegistrationGroup;
        return (summary.Pupil, className, summary.Attendance, await grain.GetEntries());
    }

    /// <summary>
    /// The merge fields. The roster holds no sex, so <c>HisHer</c> and <c>HeShe</c> are "their" and "they", as the
    /// school's letters can be read by anyone.
    /// </summary>
    private Dictionary<string, string> Fields(PupilDetails pupil, string className, TallySnapshot tally, IReadOnlyList<RegisterEntry> entries, Options options)
    {
        var unexplained = PupilCalendar.Calendar(settings.Calendar, AcademicYear.Of(today), entries)
            .SelectMany(d => new[] { (d.Date, Part: "morning", Code: d.Am), (d.Date, Part: "afternoon", Code: d.Pm) })
            .Where(s => s.Code is "N" or "O" && s.Date <= today)
            .Select(s => $"{s.Date:dddd d MMMM} {s.Part}: {s.Code}");
        return new Dictionary<string, string>
        {
            ["ParentName"] = pupil.Contacts.FirstOrDefault()?.Name ?? "Parent or carer",
            ["PrefFirstName"] = pupil.PreferredForename ?? pupil.LegalForename,
            ["PrefLastName"] = pupil.PreferredSurname ?? pupil.LegalSurname,
            ["FirstName"] = pupil.LegalForename,
            ["LastName"] = pupil.LegalSurname,
            ["ClassName"] = className,
            ["HisHer"] = "their",
            ["HeShe"] = "they",
            ["SessionsMissed"] = tally.SessionsMissed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PossibleSessions"] = tally.PossibleSessions.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AttendancePercent"] = tally.AttendancePercent is { } percent ? percent.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "not yet measured",
            ["UnexplainedSessions"] = string.Join("\n", unexplained.DefaultIfEmpty("(none)")),
            ["MeetingAt"] = options.MeetingAt ?? "(the school will contact you with a time)",
            ["MeetingWith"] = options.MeetingWith ?? options.SignedBy.Name,
            ["SchoolName"] = settings.Name,
            ["Date"] = today.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB")),
            ["SignedBy"] = $"{options.SignedBy.Name}, {options.SignedBy.Position}",
        };
    }
}
