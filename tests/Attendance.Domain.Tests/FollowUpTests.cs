using static Attendance.Domain.Tests.Calendars;
using Attendance.Testing;

namespace Attendance.Domain.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class FollowUpTests
{
    private static readonly FollowUpRules Rules = new();

    /// <summary>A register with every open session from <paramref name="from"/> to <paramref name="to"/> marked with <paramref name="code"/>.</summary>
    private static Func<Session, string?> Marked(DateOnly from, DateOnly to, string code, Dictionary<Session, string>? except = null) => session =>
        session.Date < from || session.Date > to || !Autumn2026.IsOpen(session) ? null : except?.GetValueOrDefault(session) ?? code;

    [Fact]
    public void The_tenth_school_day_absent_is_counted_across_half_term_and_an_inset_day()
    {
        // Monday 19 October to Friday 23 October, half-term, INSET on Monday 2 November, then 3 November onwards.
        var marks = Marked(new DateOnly(2026, 10, 19), new DateOnly(2026, 11, 9), "O");

        var ninth = AbsenceRun.Measure(Autumn2026, new DateOnly(2026, 11, 6), marks);
        var tenth = AbsenceRun.Measure(Autumn2026, new DateOnly(2026, 11, 9), marks);

        Assert.Equal(9, ninth.UnauthorisedDays);
        Assert.Equal(10, tenth.UnauthorisedDays);
        Assert.Equal(new DateOnly(2026, 10, 19), tenth.Since);
    }

    [Fact]
    public void A_day_attended_or_with_a_reason_ends_the_run_and_an_afternoon_present_ends_that_day()
    {
        var marks = Marked(new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 10), "N", new Dictionary<Session, string>
        {
            [Am(11, 5)] = "I",
            [Pm(11, 9)] = "\\",
        });

        Assert.Equal(1, AbsenceRun.Measure(Autumn2026, new DateOnly(2026, 11, 10), marks).UnauthorisedDays);
        Assert.Equal(new AbsenceRun(1, new DateOnly(2026, 11, 6), 1), AbsenceRun.Measure(Autumn2026, new DateOnly(2026, 11, 6), marks));
        Assert.Equal(0, AbsenceRun.Measure(Autumn2026, new DateOnly(2026, 11, 9), marks).UnauthorisedDays);
        Assert.Equal(AbsenceRun.None, AbsenceRun.Measure(Autumn2026, new DateOnly(2026, 11, 5), marks));
    }

    [Fact]
    public void Nobody_is_absent_on_a_weekend()
    {
        var marks = Marked(new DateOnly(2026, 11, 9), new DateOnly(2026, 11, 13), "N");

        Assert.Equal(AbsenceRun.None, AbsenceRun.Measure(Autumn2026, new DateOnly(2026, 11, 14), marks));
    }

    [Fact]
    public void A_day_without_a_register_ends_the_run()
    {
        var marks = Marked(new DateOnly(2026, 11, 10), new DateOnly(2026, 11, 11), "N");

        var run = AbsenceRun.Measure(Autumn2026, new DateOnly(2026, 11, 11), marks);

        Assert.Equal(new AbsenceRun(2, new DateOnly(2026, 11, 10), 2), run);
    }

    [Fact]
    public void Unexplained_days_stop_at_a_known_reason_even_an_unauthorised_one()
    {
        // Holiday not granted (G) on Monday and Tuesday, then no reason (N) from Wednesday.
        var marks = Marked(new DateOnly(2026, 11, 9), new DateOnly(2026, 11, 12), "N", new Dictionary<Session, string>
        {
            [Am(11, 9)] = "G", [Pm(11, 9)] = "G", [Am(11, 10)] = "G", [Pm(11, 10)] = "G",
        });

        var run = AbsenceRun.Measure(Autumn2026, new DateOnly(2026, 11, 12), marks);

        Assert.Equal(new AbsenceRun(4, new DateOnly(2026, 11, 9), 2), run);
    }

    [Theory]
    [InlineData(true, new[] { 1, 4, 7, 10 })]
    [InlineData(false, new[] { 2, 5, 8, 11 })]
    public void Home_visits_fall_on_the_first_visit_day_then_every_third_school_day(bool vulnerable, int[] expected)
    {
        var due = Enumerable.Range(1, 12).Where(day => Rules.HomeVisitDue(day, vulnerable));

        Assert.Equal(expected, due);
    }

    [Theory]
    [InlineData(true, new[] { 12, 17 })]
    [InlineData(false, new[] { 13, 18 })]
    public void The_home_visit_schedule_counts_school_days_across_a_weekend(bool vulnerable, int[] expectedDays)
    {
        // Absent with no reason from Thursday 12 November: Thursday, Friday, (weekend), Monday, Tuesday, Wednesday.
        var marks = Marked(new DateOnly(2026, 11, 12), new DateOnly(2026, 11, 18), "N");
        var days = Enumerable.Range(12, 7).Select(d => new DateOnly(2026, 11, d));

        var visits = days
            .Select(day => (day, run: AbsenceRun.Measure(Autumn2026, day, marks)))
            .Where(d => d.run.UnexplainedDays > 0 && Rules.HomeVisitDue(d.run.UnexplainedDays, vulnerable))
            .Select(d => d.day.Day);

        Assert.Equal(expectedDays, visits);
    }

    [Fact]
    public void Guests_are_chased_fifteen_minutes_after_the_provision_session_starts()
    {
        var provision = new SessionTimes(
            new RegisterWindow(new TimeOnly(9, 30), new TimeOnly(9, 35), new TimeOnly(10, 0)),
            new RegisterWindow(new TimeOnly(12, 30), new TimeOnly(12, 35), new TimeOnly(13, 0)));

        Assert.Equal(new DateTime(2026, 11, 10, 9, 45, 0), GuestSchedule.CallParentAt(Am(11, 10), provision, Rules.GuestArrivalMinutes));
        Assert.Equal(new DateTime(2026, 11, 10, 12, 45, 0), GuestSchedule.CallParentAt(Pm(11, 10), provision, Rules.GuestArrivalMinutes));
    }

    [Fact]
    public void A_schedule_includes_its_weekday_sessions_only()
    {
        var schedule = new GuestSchedule([new ScheduledSession(DayOfWeek.Tuesday, SessionPart.AM), new ScheduledSession(DayOfWeek.Thursday, SessionPart.PM)]);

        Assert.True(schedule.Includes(Am(11, 10)));
        Assert.False(schedule.Includes(Pm(11, 10)));
        Assert.True(schedule.Includes(Pm(11, 12)));
        Assert.False(schedule.Includes(Am(11, 11)));
    }

    [Fact]
    public void Schedules_with_the_same_sessions_are_equal()
    {
        GuestSchedule Schedule(params DayOfWeek[] days) => new([.. days.Select(d => new ScheduledSession(d, SessionPart.AM))]);

        Assert.Equal(Schedule(DayOfWeek.Monday, DayOfWeek.Friday), Schedule(DayOfWeek.Monday, DayOfWeek.Friday));
        Assert.NotEqual(Schedule(DayOfWeek.Monday, DayOfWeek.Friday), Schedule(DayOfWeek.Monday));
    }

    [Fact]
    public void A_bad_schedule_names_each_problem()
    {
        Assert.Equal(["The schedule needs at least one session (a day of the week and AM or PM)."], new GuestSchedule([]).Validate());
        var problems = new GuestSchedule(
        [
            new ScheduledSession(DayOfWeek.Saturday, SessionPart.AM),
            new ScheduledSession(DayOfWeek.Monday, SessionPart.PM),
            new ScheduledSession(DayOfWeek.Monday, SessionPart.PM),
        ]).Validate().ToList();

        Assert.Equal(
            ["The schedule has Saturday: provisions are open on school days, Monday to Friday.", "Monday PM is in the schedule more than once."],
            problems);
    }

    [Fact]
    public void Follow_up_rules_below_one_are_refused_by_the_policy()
    {
        var policy = AttendancePolicy.Default with { FollowUp = new FollowUpRules(CallWithinMinutes: 0, MissingEducationVisits: -1) };

        Assert.Equal(
            ["Follow-up: the minutes to make first-day calls must be at least 1 (got 0).", "Follow-up: the home visits before a child missing education referral must be at least 1 (got -1)."],
            policy.Validate());
    }
}
