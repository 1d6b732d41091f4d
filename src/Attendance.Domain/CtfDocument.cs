using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Xml.Linq;

namespace Attendance.Domain;

/// <summary>A school as a Common Transfer File names it: its local authority and establishment numbers.</summary>
/// <param name="Lea">The local authority's number (three digits).</param>
/// <param name="Estab">The school's establishment number (four digits).</param>
public sealed record CtfSchool(string Lea, string Estab, string? SchoolName = null)
{
    /// <summary>Whether <paramref name="lea"/> and <paramref name="estab"/> are a local authority's three digits and an establishment's four.</summary>
    public static bool Numbered([NotNullWhen(true)] string? lea, [NotNullWhen(true)] string? estab) => IsNumber(lea, 3) && IsNumber(estab, 4);

    private static bool IsNumber([NotNullWhen(true)] string? text, int digits) => text is not null && text.Length == digits && text.All(char.IsAsciiDigit);
}

/// <summary>A pupil as their CTF carries them: identifiers and the years of attendance.</summary>
/// <param name="Sex">The census code (F or M), or null when the school does not hold it.</param>
public sealed record CtfPupil(string Upn, string Surname, string Forename, DateOnly DateOfBirth, string? Sex, IReadOnlyList<CtfYear> Years);

/// <summary>A year read from a CTF, with its marks read (null when the year has no marks).</summary>
public sealed record CtfYearRead(CtfYear Year, CtfMarksRead? Marks)
{
    /// <summary>The sessions possible counted from the marks, to compare with the file's total.</summary>
    public int? MarkedSessionsPossible => Marks?.Tally.PossibleSessions;

    /// <summary>Whether the totals the file gives are those its marks count (true for a year without marks).</summary>
    public bool MarksMatchTotals => Marks is not { } read
        || (read.Tally.PossibleSessions, read.Tally.SessionsAttended, read.Tally.AuthorisedAbsence, read.Tally.UnauthorisedAbsence)
            == (Year.SessionsPossible, Year.SessionsAttended, Year.SessionsAuthorised, Year.SessionsUnauthorised);
}

/// <summary>A pupil read from a CTF: their UPN and name, the years read, and what in their years could not be read.</summary>
/// <param name="Years">The years read without a problem.</param>
/// <param name="Problems">Each year's problems, as sentences naming the pupil, the year and the field.</param>
public sealed record CtfPupilRead(string? Upn, string Name, IReadOnlyList<CtfYearRead> Years, IReadOnlyList<string> Problems);

/// <summary>What a CTF holds: who sent it, its pupils, and what makes the whole file unusable.</summary>
/// <param name="From">The school that sent it, as its header names it: "Ash Primary (823 4001)".</param>
/// <param name="Problems">
/// The file's own problems (not a CTF, addressed to another school, no pupils): any one refuses the whole file. Each
/// pupil's problems are with the pupil.
/// </param>
public sealed record CtfRead(string From, IReadOnlyList<CtfPupilRead> Pupils, IReadOnlyList<string> Problems)
{
    /// <summary>A file refused whole for one reason.</summary>
    public static CtfRead Refused(string problem) => new("", [], [problem]);
}

/// <summary>
/// The Common Transfer File's XML, as far as attendance needs it (docs/API.md "Common Transfer File"): the header,
/// each pupil's identifiers and their Attendance container. Written from plain data and read into plain data, with
/// every problem found as a sentence the office can act on; no storage and no network.
/// </summary>
public static class CtfDocument
{
    /// <summary>The CTF version written in the header; the DfE publishes one each year.</summary>
    public const string Version = "25.0";

    /// <summary>The CTF's file name: source LA and establishment, CTF, destination LA and establishment, a sequence number.</summary>
    public static string FileName(CtfSchool from, CtfSchool to) => $"{from.Lea}{from.Estab}_CTF_{to.Lea}{to.Estab}_001.xml";

    /// <summary>
    /// A CTF from <paramref name="from"/> to <paramref name="to"/> made at <paramref name="at"/> with one pupil.
    /// </summary>
    /// <param name="academicYear">The academic year by the year it starts in (2026 for 2026/27).</param>
    public static XDocument Write(CtfSchool from, CtfSchool to, int academicYear, DateTimeOffset at, CtfPupil pupil) =>
        new(new XDeclaration("1.0", "UTF-8", null),
            new XElement("CTfile",
                new XElement("Header",
                    new XElement("DocumentName", "Common Transfer File"),
                    new XElement("CTFversion", Version),
                    new XElement("DateTime", at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
                    new XElement("DocumentQualifier", "partial"),
                    new XElement("SupplierID", "Attendance.Orleans"),
                    new XElement("SourceSchool",
                        new XElement("LEA", from.Lea), new XElement("Estab", from.Estab), new XElement("SchoolName", from.SchoolName),
                        new XElement("AcademicYear", academicYear)),
                    new XElement("DestSchool", new XElement("LEA", to.Lea), new XElement("Estab", to.Estab))),
                new XElement("CTFpupilData",
                    new XElement("Pupil",
                        new XElement("UPN", pupil.Upn),
                        new XElement("Surname", pupil.Surname),
                        new XElement("Forename", pupil.Forename),
                        new XElement("DOB", pupil.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                        pupil.Sex is { } sex ? new XElement("Sex", sex) : null,
                        new XElement("Attendance", pupil.Years.Select(YearData))))));

    /// <summary>The file as it is sent: the XML declaration, then the document.</summary>
    public static string ToText(XDocument document) => document.Declaration + Environment.NewLine + document;

    /// <summary>
    /// Reads a CTF sent to this school (<paramref name="laEstab"/>, seven digits; null when the school has not set it,
    /// and then the addressee is not checked): who sent it, and each pupil's years with their marks. A file that is
    /// not a CTF or is addressed to another school is refused whole, and nothing of its pupils is read.
    /// </summary>
    public static CtfRead Read(XDocument document, string? laEstab)
    {
        if (document.Root?.Name.LocalName != "CTfile")
        {
            return CtfRead.Refused($"This is not a Common Transfer File: its first element is <{document.Root?.Name.LocalName}>, a CTF's is <CTfile>.");
        }

        var header = document.Root.Element("Header");
        if (Addressed(header, laEstab) is { } elsewhere)
        {
            return CtfRead.Refused(elsewhere);
        }

        var source = header?.Element("SourceSchool");
        var from = $"{Text(source, "SchoolName")} ({Text(source, "LEA")} {Text(source, "Estab")})";
        List<CtfPupilRead> pupils = [.. document.Root.Element("CTFpupilData")?.Elements("Pupil").Select(ReadPupil) ?? []];
        if (pupils.Count == 0)
        {
            return new CtfRead(from, pupils, ["The file has no pupils (no <CTFpupilData><Pupil>)."]);
        }

        return new CtfRead(from, pupils, []);
    }

    /// <summary>A CTF sent to another school is refused: it holds someone else's pupils' personal data.</summary>
    private static string? Addressed(XElement? header, string? laEstab)
    {
        var dest = header?.Element("DestSchool");
        var (lea, estab) = (Text(dest, "LEA"), Text(dest, "Estab"));
        return laEstab is { Length: 7 } && CtfSchool.Numbered(lea, estab) && $"{lea}{estab}" != laEstab
            ? $"This CTF is addressed to establishment {lea} {estab}, not this school ({laEstab[..3]} {laEstab[3..]}): nothing was imported. Ask the previous school to send it to this school."
            : null;
    }

    private static CtfPupilRead ReadPupil(XElement element)
    {
        var upn = Text(element, "UPN");
        var name = $"{Text(element, "Forename")} {Text(element, "Surname")}".Trim();
        List<string> problems = [];
        List<CtfYearRead> years = [.. element.Element("Attendance")?.Elements("YearData").Select(y => ReadYear(y, $"{upn} ({name})", problems)).OfType<CtfYearRead>() ?? []];
        return new CtfPupilRead(upn, name, years, problems);
    }

    /// <summary>One YearData, or null when anything in it could not be read (each problem added, naming <paramref name="pupil"/>).</summary>
    private static CtfYearRead? ReadYear(XElement year, string pupil, List<string> problems)
    {
        var before = problems.Count;
        int Count(string name, string what = "a number of sessions")
        {
            if (int.TryParse(Text(year, name), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            problems.Add($"{pupil}: {name} is '{Text(year, name)}', not {what}.");
            return 0;
        }

        var number = Count("Year", "a year such as 2026");
        var possible = Count("SessionsPossible");
        var attended = Count("SessionsAttended");
        var authorised = Count("SessionsAuthorised");
        var unauthorised = Count("SessionsUnauthorised");
        var sessions = year.Element("AttendSessions");
        var marks = Text(sessions, "AttendanceMarks");
        DateOnly? start = null;
        CtfMarksRead? read = null;
        if (marks is not null)
        {
            if (DateOnly.TryParseExact(Text(sessions, "AttendanceStartDate"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
            {
                start = first;
                read = CtfMarks.Read(first, marks);
                problems.AddRange(read.Problems.Select(p => $"{pupil}, year {number}: {p}."));
            }
            else
            {
                problems.Add($"{pupil}, year {number}: the marks have no AttendanceStartDate (yyyy-MM-dd), so their days are not known.");
            }
        }

        return problems.Count > before
            ? null
            : new CtfYearRead(new CtfYear(number, Text(year, "LEA"), Text(year, "Estab"), Text(year, "SchoolName"), possible, attended, authorised, unauthorised, start, marks), read);
    }

    private static XElement YearData(CtfYear year) =>
        new("YearData",
            new XElement("Year", year.Year),
            year.Lea is null ? null : new XElement("LEA", year.Lea),
            year.Estab is null ? null : new XElement("Estab", year.Estab),
            year.SchoolName is null ? null : new XElement("SchoolName", year.SchoolName),
            new XElement("SessionsPossible", year.SessionsPossible),
            new XElement("SessionsAuthorised", year.SessionsAuthorised),
            new XElement("SessionsAttended", year.SessionsAttended),
            new XElement("SessionsUnauthorised", year.SessionsUnauthorised),
            year.StartDate is { } start && year.Marks is { } marks
                ? new XElement("AttendSessions",
                    new XElement("AttendanceStartDate", start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    new XElement("AttendanceMarks", marks))
                : null);

    private static string? Text(XElement? parent, string name) => parent?.Element(name)?.Value.Trim() is { Length: > 0 } text ? text : null;
}
