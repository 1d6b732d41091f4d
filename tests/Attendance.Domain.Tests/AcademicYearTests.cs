using Attendance.Domain;
using Attendance.Testing;

namespace Attendance.Domain.Tests;

/// <summary>
/// The academic year (1 August to 31 July): every figure but the rolling windows starts again on its first day; the
/// penalty-notice window of 10 school weeks spans the summer holiday, which has no school weeks.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class AcademicYearTests
{
    private static readonly AttendancePolicy Policy = AttendancePolicy.Default;
    private static readonly Staff Teacher = new("Ms Reed", "Class teacher");

    /// <summary>Summer term 2026 (to Wednesday 22 July) and autumn 2026 (from Thursday 3 September): two years in one calendar.</summary>
    private static readonly SchoolCalendar TwoYears = new(
    [
        new Term("Summer 2", new DateOnly(2026, 6, 1), new DateOnly(2026, 7, 22)),
        new Term("Autumn 1", new DateOnly(2026, 9, 3), new DateOnly(2026, 10, 23)),
    ]);

    private static readonly AcademicYear LastYear = new(2025);
    private static readonly AcademicYear ThisYear = new(2026);

    private static RegisterEntry Entry(DateOnly day, SessionPart part, string code) =>
        new(new Session(day, part), code, MarkSource.Register, Teacher, new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero), TwoYears.SchoolWeek(day)!.Value);

    /// <summary>Both sessions of each school day from <paramref name="from"/> for <paramref name="days"/> school days.</summary>
    private static IEnumerable<RegisterEntry> Days(DateOnly from, int days, string code) =>
        TwoYears.SchoolDays().Where(d => d >= from).Take(days).SelectMany(d => new[] { Entry(d, SessionPart.AM, code), Entry(d, SessionPart.PM, code) });

    [Theory]
    [InlineData("2026-07-31", 2025)]
    [InlineData("2026-08-01", 2026)]
    [InlineData("2027-01-01", 2026)]
    [InlineData("2027-07-31", 2026)]
    public void A_day_belongs_to_the_year_that_began_on_the_last_1_August(string day, int startYear) =>
        Assert.Equal(new AcademicYear(startYear), AcademicYear.Of(DateOnly.Parse(day)));

    [Theory]
    [InlineData("2025/26", true, 2025)]
    [InlineData("2025", true, 2025)]
    [InlineData("2025/27", false, 0)] // not one year
    [InlineData("25/26", false, 0)]
    [InlineData("1999/00", false, 0)]
    [InlineData("", false, 0)]
    public void A_year_is_written_as_schools_write_it(string text, bool valid, int startYear)
    {
        Assert.Equal(valid, AcademicYear.TryParse(text, out var year));
        if (valid)
        {
            Assert.Equal(startYear, year.StartYear);
            Assert.Equal($"{startYear}/{(startYear + 1) % 100:00}", year.ToString());
        }
    }

    [Fact]
    public void A_calendar_of_two_years_answers_for_each_and_numbers_its_weeks_across_the_summer()
    {
        Assert.Equal([LastYear, ThisYear], TwoYears.Years());
        Assert.Equal((new DateOnly(2026, 6, 1), new DateOnly(2026, 7, 22)), (TwoYears.FirstDayOf(LastYear), TwoYears.LastDayOf(LastYear)));
        Assert.Equal((new DateOnly(2026, 9, 3), new DateOnly(2026, 10, 23)), (TwoYears.FirstDayOf(ThisYear), TwoYears.LastDayOf(ThisYear)));
        Assert.Null(TwoYears.FirstDayOf(new AcademicYear(2027)));
        Assert.Equal(38 * 2, TwoYears.OpenSessionCount(LastYear)); // 1 June to 22 July: 38 weekdays
        Assert.Equal(37 * 2, TwoYears.OpenSessionCount(ThisYear)); // 3 September to 23 October: 37 weekdays

        // The week of 20 July and the week of 31 August (first day 3 September) are consecutive school weeks.
        Assert.Equal(TwoYears.SchoolWeek(new DateOnly(2026, 7, 20)) + 1, TwoYears.SchoolWeek(new DateOnly(2026, 9, 3)));
        Assert.Null(TwoYears.SchoolWeek(new DateOnly(2026, 8, 10)));
    }

    [Fact]
    public void The_years_figures_start_again_on_the_first_day_and_last_years_stay_readable()
    {
        var register = new PupilRegister([.. Days(new DateOnly(2026, 7, 13), 8, "I"), .. Days(new DateOnly(2026, 9, 3), 1, "/")]);

        Assert.Equal((16, 0), (register.TallyIn(LastYear).Snapshot().PossibleSessions, register.TallyIn(LastYear).Snapshot().SessionsAttended));
        Assert.Equal((2, 2), (register.TallyIn(ThisYear).Snapshot().PossibleSessions, register.TallyIn(ThisYear).Snapshot().SessionsAttended));
        Assert.Equal(18, register.Tally.Snapshot().PossibleSessions);

        var thisYear = StandingFigures.From(Policy, register.Marks, ThisYear, TwoYears.OpenSessionCount(ThisYear));
        Assert.Equal((2, 0, 0), (thisYear.PossibleSessions, thisYear.SessionsMissed, thisYear.HealthSessions));
        Assert.Equal(0, PupilStanding.Evaluate(Policy, thisYear).Stage);
        Assert.False(PupilStanding.Evaluate(Policy, thisYear).PersistentAbsence);

        var lastYear = StandingFigures.From(Policy, register.Marks, LastYear, TwoYears.OpenSessionCount(LastYear));
        Assert.Equal((16, 16, 16), (lastYear.PossibleSessions, lastYear.SessionsMissed, lastYear.HealthSessions));
        Assert.True(PupilStanding.Evaluate(Policy, lastYear).SevereAbsence);
    }

    [Theory]
    [InlineData(8, false)] // 8 unauthorised in July, 1 in September: 9 in the window
    [InlineData(9, true)] // 9 in July, 1 in September: the 10th session in the window
    public void The_penalty_notice_window_spans_the_summer_holiday(int inJuly, bool threshold)
    {
        var july = TwoYears.SchoolDays().Where(d => d.Month == 7).SelectMany(d => new[] { new Session(d, SessionPart.AM), new Session(d, SessionPart.PM) })
            .TakeLast(inJuly).Select(s => Entry(s.Date, s.Part, "O"));
        var register = new PupilRegister([.. july, Entry(new DateOnly(2026, 9, 3), SessionPart.AM, "O")]);

        var figures = StandingFigures.From(Policy, register.Marks, ThisYear, TwoYears.OpenSessionCount(ThisYear));
        Assert.Equal(inJuly + 1, figures.UnauthorisedInWindow);
        Assert.Equal(1, figures.SessionsMissed); // this year's figures hold September only
        Assert.Equal(threshold, PupilStanding.Evaluate(Policy, figures).PenaltyNoticeThreshold);
        Assert.Equal(inJuly + 1, register.Snapshot(ThisYear, currentWeek: null).UnauthorisedInRollingWindow);
        Assert.Equal(1, register.Snapshot(ThisYear, currentWeek: null).UnauthorisedAbsence);
    }

    [Fact]
    public void A_pupil_who_joins_on_the_first_day_has_only_this_years_figures()
    {
        var register = new PupilRegister([Entry(new DateOnly(2026, 9, 3), SessionPart.AM, "/")]);
        Assert.Equal(ThisYear, register.LatestYear);
        Assert.Equal(1, register.TallyIn(ThisYear).Snapshot().PossibleSessions);
        Assert.Equal(0, register.TallyIn(LastYear).Snapshot().PossibleSessions);
    }

    [Fact]
    public void Terms_added_before_the_first_week_number_their_weeks_below_zero_and_keep_the_rest()
    {
        var autumn = new SchoolCalendar([new Term("Autumn 1", new DateOnly(2026, 9, 3), new DateOnly(2026, 10, 23))]).NumberedFrom(new DateOnly(2026, 8, 31));
        var withSummer = new SchoolCalendar(
            [new Term("Summer 2", new DateOnly(2026, 7, 6), new DateOnly(2026, 7, 22)), .. autumn.Terms], weeksFrom: autumn.WeeksFrom);

        Assert.Equal((0, 7), (autumn.SchoolWeek(new DateOnly(2026, 9, 3)), autumn.SchoolWeek(new DateOnly(2026, 10, 19))));
        Assert.Equal((0, 7), (withSummer.SchoolWeek(new DateOnly(2026, 9, 3)), withSummer.SchoolWeek(new DateOnly(2026, 10, 19))));
        Assert.Equal((-1, -3), (withSummer.SchoolWeek(new DateOnly(2026, 7, 20)), withSummer.SchoolWeek(new DateOnly(2026, 7, 6))));
        Assert.Null(autumn.ChangesPastWeeks(withSummer, new DateOnly(2026, 10, 1)));
    }

    [Fact]
    public void The_weeks_already_past_keep_their_numbers_whatever_the_calendar_becomes()
    {
        var today = new DateOnly(2026, 11, 10);
        var calendar = Calendars.Autumn2026.NumberedFrom(new DateOnly(2026, 8, 31));
        SchoolCalendar Changed(IReadOnlyList<Term> terms, IReadOnlyList<DateOnly> closures) => new(terms, closures, weeksFrom: calendar.WeeksFrom);

        // Next year's terms, a later end to this term, a closure recorded after the event (a snow day last week): allowed.
        var nextYear = Changed([.. calendar.Terms, new Term("Autumn 2027", new DateOnly(2027, 9, 2), new DateOnly(2027, 10, 22))], calendar.Closures);
        Assert.Null(calendar.ChangesPastWeeks(nextYear, today));
        Assert.Null(calendar.ChangesPastWeeks(Changed([calendar.Terms[0], calendar.Terms[1] with { End = new DateOnly(2026, 12, 21) }], calendar.Closures), today));
        Assert.Null(calendar.ChangesPastWeeks(Changed(calendar.Terms, [.. calendar.Closures, new DateOnly(2026, 11, 5)]), today));

        // This year's first half-term dropped (replaced by next year's calendar): refused from its first week.
        var replaced = Changed([calendar.Terms[1]], calendar.Closures);
        Assert.Contains("from the week of 31 August 2026", calendar.ChangesPastWeeks(replaced, today));

        // The half-term holiday turned into a school week: every week after it would move.
        var noHalfTerm = Changed([calendar.Terms[0] with { End = new DateOnly(2026, 10, 30) }, calendar.Terms[1]], calendar.Closures);
        Assert.Contains("from the week of 2 November 2026", calendar.ChangesPastWeeks(noHalfTerm, today));
    }

    [Theory]
    [InlineData("2026-07-22", 2025)] // the summer term's last day
    [InlineData("2026-08-01", 2025)] // the holiday belongs to the year just ended...
    [InlineData("2026-09-02", 2025)]
    [InlineData("2026-09-03", 2026)] // ...until the new year's first school day
    public void The_year_under_way_runs_from_its_first_school_day_to_the_next_years(string day, int startYear) =>
        Assert.Equal(new AcademicYear(startYear), TwoYears.YearUnderWay(DateOnly.Parse(day)));

    [Theory]
    [InlineData("2026-07-25", "2026-07-22")] // a Saturday in the holiday: the term's last day
    [InlineData("2026-09-06", "2026-09-04")] // a Sunday: the Friday
    [InlineData("2026-09-03", "2026-09-03")]
    public void A_day_that_is_not_a_school_day_is_read_as_the_school_day_before_it(string day, string schoolDay) =>
        Assert.Equal(DateOnly.Parse(schoolDay), TwoYears.SchoolDayOnOrBefore(DateOnly.Parse(day)));
}
