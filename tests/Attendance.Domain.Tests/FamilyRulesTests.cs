using Attendance.Domain;
using static Attendance.Domain.Tests.Calendars;
using Attendance.Testing;

namespace Attendance.Domain.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class FamilyRulesTests
{
    private static readonly FamilyRules Rules = new();
    private static readonly DateOnly Tuesday = new(2026, 11, 10);

    [Theory]
    [InlineData(13, true)]  // one day short of two weeks: late
    [InlineData(14, false)] // exactly the notice period: on time
    [InlineData(15, false)]
    [InlineData(0, true)]   // leave from today
    public void A_leave_request_is_late_with_less_than_the_notice_period(int daysAhead, bool late) =>
        Assert.Equal(late, Rules.IsLate(Tuesday, Tuesday.AddDays(daysAhead)));

    [Theory]
    [InlineData(41, 14, true)] // ends on the last day of the sixth week, reviewed after a fortnight exactly
    [InlineData(42, 14, false)] // a day into a seventh week
    [InlineData(41, 15, false)] // first reviewed a day after the fortnight
    [InlineData(0, 1, true)]
    public void A_part_time_timetable_lasts_at_most_six_weeks_and_is_reviewed_at_least_fortnightly(int endAfter, int reviewAfter, bool allowed)
    {
        var problems = Rules.CheckTimetable(Tuesday, Tuesday.AddDays(endAfter), Tuesday.AddDays(reviewAfter)).ToList();
        Assert.Equal(allowed, problems.Count == 0);
        Assert.All(problems, p => Assert.Matches("no longer than 6 weeks|at least every 14 days", p));
    }

    [Fact]
    public void A_policy_may_set_its_own_part_time_timetable_limits()
    {
        var rules = new FamilyRules(PartTimeTimetableWeeks: 4, PartTimeTimetableReviewDays: 7);
        Assert.Contains("no longer than 4 weeks", Assert.Single(rules.CheckTimetable(Tuesday, Tuesday.AddDays(28), Tuesday.AddDays(7))));
        Assert.Null(rules.CheckNextReview(Tuesday, Tuesday.AddDays(7)));
        Assert.Contains("every 7 days", rules.CheckNextReview(Tuesday, Tuesday.AddDays(8)));
        Assert.Contains("days between reviews must be at least 1", Assert.Single(new FamilyRules(PartTimeTimetableReviewDays: 0).Validate()));
    }

    [Fact]
    public void No_notice_period_means_no_request_is_late() =>
        Assert.False((Rules with { LeaveNoticeDays = 0 }).IsLate(Tuesday, Tuesday));

    [Fact]
    public void A_range_covers_its_first_and_last_sessions_and_counts_only_the_open_ones()
    {
        // Friday afternoon of the last week to Monday morning after half-term's INSET day.
        var range = new SessionRange(Pm(10, 23), Am(11, 3));
        Assert.True(range.Covers(Pm(10, 23)) && range.Covers(Am(11, 3)));
        Assert.False(range.Covers(Am(10, 23)) || range.Covers(Pm(11, 3)));
        Assert.Equal([Pm(10, 23), Am(11, 3)], range.OpenSessions(Autumn2026));
        Assert.Empty(new SessionRange(Am(11, 2), Pm(11, 2)).OpenSessions(Autumn2026)); // the INSET day
    }

    [Theory]
    [InlineData("C", "G", 0)]
    [InlineData("C1", "G", 0)]
    [InlineData("G", "G", 1)]   // refused leave's code as granted leave: not authorised
    [InlineData("C", "C", 1)]   // granted leave's code for refused leave taken: not unauthorised
    [InlineData("C", "ZZ", 1)]
    public void Leave_codes_must_be_national_codes_of_the_right_category(string granted, string refused, int problems) =>
        Assert.Equal(problems, (Rules with { GrantedLeaveCode = granted, RefusedLeaveCode = refused }).Validate().Count());

    [Fact]
    public void The_policy_checks_its_family_rules()
    {
        var policy = AttendancePolicy.Default with { Families = Rules with { LeaveNoticeDays = -1, FirstDayWording = " " } };
        Assert.Equal(2, policy.Validate().Count(p => p.Contains("cannot be negative", StringComparison.Ordinal) || p.Contains("no wording", StringComparison.Ordinal)));
    }
}
