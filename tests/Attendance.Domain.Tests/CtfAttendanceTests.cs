using Attendance.Domain;
using Attendance.Testing;

namespace Attendance.Domain.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class CtfAttendanceTests
{
    // Friday 6 November 2026 to Monday 9 November 2026: a school day, a weekend, a school day.
    private static readonly DateOnly Friday = new(2026, 11, 6);
    private static readonly DateOnly Monday = new(2026, 11, 9);

    private static Session Am(DateOnly day) => new(day, SessionPart.AM);

    private static Session Pm(DateOnly day) => new(day, SessionPart.PM);

    [Fact]
    public void The_marks_have_two_characters_for_every_calendar_day_with_the_weekend_and_unmarked_sessions_shown()
    {
        var sessions = new Dictionary<Session, AttendanceCode?>
        {
            [Am(Friday)] = NationalCodes.Get("/"),
            [Pm(Friday)] = NationalCodes.Get("C1"),
            [Am(Monday)] = NationalCodes.Get("Y3"),
            [Pm(Monday)] = null,
        };

        var year = CtfYear.Of(2026, "999", "2001", "Demo Primary", Friday, Monday, sessions);

        Assert.Equal("/C####Y-", year.Marks);
        Assert.Equal(Friday, year.StartDate);
    }

    [Fact]
    public void The_totals_count_each_session_in_its_category_and_two_character_codes_keep_theirs()
    {
        var sessions = new Dictionary<Session, AttendanceCode?>
        {
            [Am(Friday)] = NationalCodes.Get("/"),
            [Pm(Friday)] = NationalCodes.Get("B"), // approved activity: attended
            [Am(Monday)] = NationalCodes.Get("C2"), // authorised
            [Pm(Monday)] = NationalCodes.Get("G"), // unauthorised
        };

        var year = CtfYear.Of(2026, null, null, null, Friday, Monday, sessions);

        Assert.Equal((4, 2, 1, 1), (year.SessionsPossible, year.SessionsAttended, year.SessionsAuthorised, year.SessionsUnauthorised));
        var read = CtfMarks.Read(Friday, year.Marks!);
        Assert.Equal((4, 2, 1, 1), (read.Tally.PossibleSessions, read.Tally.SessionsAttended, read.Tally.AuthorisedAbsence, read.Tally.UnauthorisedAbsence));
    }

    [Fact]
    public void Reading_places_each_character_on_its_day_and_session_to_the_last_afternoon()
    {
        var read = CtfMarks.Read(Friday, "/L####O\\");

        Assert.Empty(read.Problems);
        Assert.Equal(
            new[] { (Am(Friday), "/"), (Pm(Friday), "L"), (Am(Monday), "O"), (Pm(Monday), "\\") },
            read.Marked.Select(m => (m.Session, m.Code.Code)));
    }

    [Fact]
    public void A_present_mark_takes_its_sessions_symbol_and_pre_2024_letters_are_mapped_as_on_any_import()
    {
        var read = CtfMarks.Read(Friday, "\\/Hj");

        Assert.Equal(new[] { "/", "\\", "C", "J1" }, read.Marked.Select(m => m.Code.Code));
    }

    [Fact]
    public void What_is_not_a_mark_is_named_with_its_day_session_and_position_and_not_read()
    {
        var read = CtfMarks.Read(Friday, "/?##-*");

        Assert.Equal(new[] { "'?' for 2026-11-06-PM (character 2) is not an attendance code", "'*' for 2026-11-08-PM (character 6) is not an attendance code" }, read.Problems);
        Assert.Single(read.Marked);
    }

    [Fact]
    public void The_same_school_and_year_is_replaced_and_another_school_or_year_is_kept()
    {
        var year = new CtfYear(2026, "999", "2001", "Demo", 10, 9, 1, 0, Friday, null);

        Assert.True(year.SameSchoolYear(year with { SessionsPossible = 12, SchoolName = "Renamed" }));
        Assert.False(year.SameSchoolYear(year with { Estab = "2002" }));
        Assert.False(year.SameSchoolYear(year with { Year = 2025 }));
    }
}
