using System.Xml.Linq;
using Attendance.Domain;
using Attendance.Testing;

namespace Attendance.Domain.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class CtfDocumentTests
{
    private const string Amelia = "T000000000001";

    // Friday 6 November 2026 to Monday 9 November 2026: a school day, a weekend, a school day.
    private static readonly DateOnly Friday = new(2026, 11, 6);
    private static readonly DateOnly Monday = new(2026, 11, 9);
    private static readonly DateTimeOffset At = new(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);

    private static readonly CtfSchool Oak = new("937", "2001", "Oak Primary");
    private static readonly CtfSchool Elm = new("937", "2002");

    private static Session Am(DateOnly day) => new(day, SessionPart.AM);

    private static Session Pm(DateOnly day) => new(day, SessionPart.PM);

    private static CtfYear ThisYear() => CtfYear.Of(2026, "937", "2001", "Oak Primary", Friday, Monday, new Dictionary<Session, AttendanceCode?>
    {
        [Am(Friday)] = NationalCodes.Get("/"),
        [Pm(Friday)] = NationalCodes.Get("C1"),
        [Am(Monday)] = NationalCodes.Get("G"),
        [Pm(Monday)] = null,
    });

    /// <summary>A previous school's year as its CTF gave it: totals only, no marks.</summary>
    private static readonly CtfYear AshYear = new(2025, "823", "4001", "Ash Primary", 380, 360, 15, 5, null, null);

    private static XDocument Written(params CtfYear[] years) =>
        CtfDocument.Write(Oak, Elm, 2026, At, new CtfPupil(Amelia, "Smith", "Amelia", new DateOnly(2018, 3, 1), "F", years));

    [Fact]
    public void A_CTF_written_and_read_back_carries_the_sender_the_pupil_and_every_year_with_its_marks()
    {
        var thisYear = ThisYear();
        var sent = CtfDocument.ToText(Written(thisYear, AshYear));

        var read = CtfDocument.Read(XDocument.Parse(sent), "9372002");

        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", sent);
        Assert.Empty(read.Problems);
        Assert.Equal("Oak Primary (937 2001)", read.From);
        var pupil = Assert.Single(read.Pupils);
        Assert.Equal((Amelia, "Amelia Smith"), (pupil.Upn, pupil.Name));
        Assert.Empty(pupil.Problems);
        Assert.Equal(new[] { thisYear, AshYear }, pupil.Years.Select(y => y.Year));
        Assert.Equal(((int?)3, true), (pupil.Years[0].MarkedSessionsPossible, pupil.Years[0].MarksMatchTotals));
        Assert.Equal(((int?)null, true), (pupil.Years[1].MarkedSessionsPossible, pupil.Years[1].MarksMatchTotals));
    }

    [Fact]
    public void The_header_names_both_schools_and_the_file_is_named_from_source_to_destination()
    {
        var header = Written(ThisYear()).Root!.Element("Header")!;

        Assert.Equal(("937", "2001", "Oak Primary", "2026", "937", "2002", "2026-11-10T09:10:00"), (
            (string)header.Element("SourceSchool")!.Element("LEA")!, (string)header.Element("SourceSchool")!.Element("Estab")!,
            (string)header.Element("SourceSchool")!.Element("SchoolName")!, (string)header.Element("SourceSchool")!.Element("AcademicYear")!,
            (string)header.Element("DestSchool")!.Element("LEA")!, (string)header.Element("DestSchool")!.Element("Estab")!,
            (string)header.Element("DateTime")!));
        Assert.Equal("9372001_CTF_9372002_001.xml", CtfDocument.FileName(Oak, Elm));
    }

    [Fact]
    public void A_CTF_addressed_to_another_school_is_refused_whole_and_none_of_its_pupils_is_read()
    {
        var read = CtfDocument.Read(Written(ThisYear()), "9372003");

        Assert.Equal(
            ["This CTF is addressed to establishment 937 2002, not this school (937 2003): nothing was imported. Ask the previous school to send it to this school."],
            read.Problems);
        Assert.Empty(read.Pupils);
    }

    [Fact]
    public void A_mark_that_is_not_a_code_is_a_problem_of_the_pupil_naming_the_year_day_and_session_and_the_year_is_not_read()
    {
        var document = Written(ThisYear());
        document.Descendants("AttendanceMarks").Single().Value = "/?####G-";

        var pupil = Assert.Single(CtfDocument.Read(document, "9372002").Pupils);

        Assert.Equal(["T000000000001 (Amelia Smith), year 2026: '?' for 2026-11-06-PM (character 2) is not an attendance code."], pupil.Problems);
        Assert.Empty(pupil.Years);
    }

    [Fact]
    public void Totals_that_are_not_numbers_and_marks_without_a_start_date_are_named()
    {
        var document = Written(ThisYear());
        document.Descendants("SessionsPossible").Single().Value = "many";
        document.Descendants("AttendanceStartDate").Single().Remove();

        var pupil = Assert.Single(CtfDocument.Read(document, "9372002").Pupils);

        Assert.Equal(
            [
                "T000000000001 (Amelia Smith): SessionsPossible is 'many', not a number of sessions.",
                "T000000000001 (Amelia Smith), year 2026: the marks have no AttendanceStartDate (yyyy-MM-dd), so their days are not known.",
            ],
            pupil.Problems);
    }

    [Fact]
    public void Totals_that_differ_from_the_marks_are_read_and_reported()
    {
        var document = Written(ThisYear());
        document.Descendants("SessionsPossible").Single().Value = "4";

        var year = Assert.Single(Assert.Single(CtfDocument.Read(document, "9372002").Pupils).Years);

        Assert.Equal((4, (int?)3, false), (year.Year.SessionsPossible, year.MarkedSessionsPossible, year.MarksMatchTotals));
    }

    [Theory]
    [InlineData("<Roster/>", "This is not a Common Transfer File: its first element is <Roster>, a CTF's is <CTfile>.")]
    [InlineData("<CTfile><Header/></CTfile>", "The file has no pupils (no <CTFpupilData><Pupil>).")]
    public void A_file_that_is_not_a_CTF_or_has_no_pupils_is_refused(string xml, string problem)
    {
        Assert.Equal([problem], CtfDocument.Read(XDocument.Parse(xml), "9372002").Problems);
    }

    [Fact]
    public void A_school_without_its_LAESTAB_does_not_check_the_addressee()
    {
        Assert.Empty(CtfDocument.Read(Written(ThisYear()), null).Problems);
    }

    [Fact]
    public void This_schools_year_runs_from_the_pupils_admission_to_today_with_each_session_on_roll_and_its_code_now()
    {
        var school = new SchoolSettings("Oak Primary", Calendars.Autumn2026, SessionTimes.PrimaryDefault, LaEstab: "9372001");
        var teacher = new Staff("Ms Patel", "Teacher");
        var register = new PupilRegister(
        [
            new RegisterEntry(Am(Monday), "/", MarkSource.Register, teacher, At, 0),
            new RegisterEntry(Pm(Monday), "N", MarkSource.Register, teacher, At, 0),
            new RegisterEntry(Pm(Monday), "G", MarkSource.Register, teacher, At, 0, AmendmentReason: "Holiday not agreed"),
        ]);

        var year = CtfYear.ThisSchool(school, "9372001", new DateOnly(2026, 9, 3), new DateOnly(2026, 11, 10), [new RollPeriod(Monday, null)], register);

        Assert.Equal((2026, "937", "2001", "Oak Primary", (DateOnly?)Monday), (year.Year, year.Lea, year.Estab, year.SchoolName, year.StartDate));
        Assert.Equal("/G--", year.Marks); // Tuesday is open and not marked yet
        Assert.Equal((2, 1, 0, 1), (year.SessionsPossible, year.SessionsAttended, year.SessionsAuthorised, year.SessionsUnauthorised));
    }
}
