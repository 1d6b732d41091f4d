using Attendance.Domain;
using static Attendance.Domain.Tests.Calendars;
using Attendance.Testing;

namespace Attendance.Domain.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class SchoolCalendarTests
{
    [Theory]
    [InlineData("2026-09-02", false)] // before the first term
    [InlineData("2026-09-03", true)]
    [InlineData("2026-09-05", false)] // Saturday
    [InlineData("2026-09-06", false)] // Sunday
    [InlineData("2026-10-23", true)] // last day of a term is included
    [InlineData("2026-10-27", false)] // half-term
    [InlineData("2026-11-02", false)] // INSET day (#)
    [InlineData("2026-11-03", true)]
    [InlineData("2026-12-21", false)] // Christmas holiday
    public void School_days_are_weekdays_in_term_that_are_not_closures(string date, bool expected)
    {
        Assert.Equal(expected, Autumn2026.IsSchoolDay(DateOnly.Parse(date)));
    }

    [Fact]
    public void A_planned_closure_of_one_session_closes_only_that_session()
    {
        Assert.True(Autumn2026.IsOpen(Am(12, 18)));
        Assert.False(Autumn2026.IsOpen(Pm(12, 18)));
    }

    [Theory]
    [InlineData("2026-09-03", 0)]
    [InlineData("2026-09-07", 1)]
    [InlineData("2026-10-23", 7)]
    [InlineData("2026-11-03", 8)] // the week after half-term is the next school week
    [InlineData("2026-11-02", 8)] // an INSET day still sits in a school week
    [InlineData("2026-11-20", 10)]
    public void School_weeks_skip_holiday_weeks(string date, int expected)
    {
        Assert.Equal(expected, Autumn2026.SchoolWeek(DateOnly.Parse(date)));
    }

    [Fact]
    public void A_holiday_week_has_no_school_week_number()
    {
        Assert.Null(Autumn2026.SchoolWeek(new DateOnly(2026, 10, 28)));
    }

    [Fact]
    public void Open_sessions_are_counted_across_terms()
    {
        // Autumn 1: 2 days (3-4 Sep) + 7 full weeks = 37 days; Autumn 2: 7 weeks less the INSET day = 34 days.
        // 71 days = 142 sessions, less the closed afternoon of 18 December.
        Assert.Equal(141, Autumn2026.OpenSessionCount(new AcademicYear(2026)));
    }

    [Fact]
    public void Overlapping_or_backwards_terms_are_reported()
    {
        var calendar = new SchoolCalendar(
        [
            new Term("A", new DateOnly(2026, 9, 1), new DateOnly(2026, 10, 1)),
            new Term("B", new DateOnly(2026, 9, 20), new DateOnly(2026, 9, 10)),
        ]);
        var problems = calendar.Validate().ToList();
        Assert.Contains(problems, p => p.Contains("ends", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("overlap", StringComparison.Ordinal));
        Assert.Empty(Autumn2026.Validate());
    }

    [Fact]
    public void A_term_is_at_most_a_year_and_dated_between_2000_and_2099()
    {
        var start = new DateOnly(2026, 9, 1);
        Assert.Empty(new SchoolCalendar([new Term("Longest", start, start.AddDays(SchoolCalendar.MostTermDays - 1))]).Validate());
        Assert.Contains("at most a year", Assert.Single(new SchoolCalendar([new Term("Too long", start, start.AddDays(SchoolCalendar.MostTermDays))]).Validate()));
        Assert.Contains("from 2000 to 2099", Assert.Single(new SchoolCalendar([new Term("Far", new DateOnly(9999, 9, 1), new DateOnly(9999, 12, 31))]).Validate()));
        Assert.Empty(new SchoolCalendar([new Term("Last", new DateOnly(2099, 9, 1), new DateOnly(2099, 12, 31))]).Validate());
    }

    [Fact]
    public void A_range_ending_on_the_last_day_there_is_is_walked_without_overflowing()
    {
        var range = new SessionRange(new Session(DateOnly.MaxValue.AddDays(-2), SessionPart.AM), new Session(DateOnly.MaxValue, SessionPart.PM));
        Assert.Equal(3, range.DaysSpanned);
        Assert.Empty(range.OpenSessions(Autumn2026));
    }
}
