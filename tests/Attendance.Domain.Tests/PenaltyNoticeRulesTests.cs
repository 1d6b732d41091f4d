using Attendance.Domain;
using Attendance.Testing;

namespace Attendance.Domain.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class PenaltyNoticeRulesTests
{
    private static readonly PenaltyNoticeRules Rules = new();
    private static readonly DateOnly Issued = new(2026, 11, 2);

    [Theory]
    [InlineData(1, 0, 80)] // paid the day it was issued
    [InlineData(1, 21, 80)] // the 21st day: still the reduced amount
    [InlineData(1, 22, 160)]
    [InlineData(1, 28, 160)] // the last day to pay
    [InlineData(2, 1, 160)] // a second notice has no reduced amount
    [InlineData(2, 28, 160)]
    public void A_first_notice_is_80_within_21_days_and_160_within_28_a_second_always_160(int number, int days, decimal due) =>
        Assert.Equal(due, Rules.AmountDue(number, Issued, Issued.AddDays(days)));

    [Theory]
    [InlineData(29)] // after the window: the local authority decides to prosecute or withdraw
    [InlineData(-1)] // before it was issued
    public void Nothing_is_due_outside_the_payment_window(int days) =>
        Assert.Null(Rules.AmountDue(1, Issued, Issued.AddDays(days)));

    [Fact]
    public void A_notice_is_past_its_window_from_the_29th_day()
    {
        Assert.False(Rules.PastPaymentWindow(Issued, Issued.AddDays(28)));
        Assert.True(Rules.PastPaymentWindow(Issued, Issued.AddDays(29)));
    }

    [Fact]
    public void Seed_004s_older_local_code_is_a_setting()
    {
        var local = new PenaltyNoticeRules(ReducedAmount: 60m, FullAmount: 120m);
        Assert.Equal((60m, 120m), (local.AmountDue(1, Issued, Issued.AddDays(21))!.Value, local.AmountDue(1, Issued, Issued.AddDays(22))!.Value));
        Assert.Empty(local.Validate());
    }

    [Theory]
    [InlineData(false, false, true, PenaltyStep.NoticeToImprove)]
    [InlineData(true, false, true, PenaltyStep.Requested)] // term-time leave: no Notice to Improve
    [InlineData(false, true, true, PenaltyStep.Requested)] // one already given within the cap's years
    [InlineData(false, false, false, PenaltyStep.Requested)] // the LA's code does not ask for one
    public void A_case_begins_with_a_Notice_to_Improve_unless_the_framework_says_otherwise(bool termTimeLeave, bool hadOne, bool noticeFirst, PenaltyStep first) =>
        Assert.Equal(first, (Rules with { NoticeToImproveFirst = noticeFirst }).FirstStep(termTimeLeave, hadOne));

    [Fact]
    public void The_improvement_period_is_six_weeks_and_a_request_waits_for_its_end_unless_there_is_more_unauthorised_absence()
    {
        var given = new DateOnly(2026, 11, 2);
        var ends = Rules.ImprovementEnds(given);
        Assert.Equal(new DateOnly(2026, 12, 13), ends); // 6 weeks less a day

        Assert.NotNull(Rules.CheckAfterNotice(PenaltyStep.Requested, given, ends, unauthorisedSince: 0)); // the last day of the period
        Assert.Null(Rules.CheckAfterNotice(PenaltyStep.Requested, given, ends.AddDays(1), unauthorisedSince: 0));
        Assert.Null(Rules.CheckAfterNotice(PenaltyStep.Requested, given, given.AddDays(3), unauthorisedSince: 1)); // the notice's own grounds

        Assert.NotNull(Rules.CheckAfterNotice(PenaltyStep.Improved, given, ends, unauthorisedSince: 0));
        Assert.Null(Rules.CheckAfterNotice(PenaltyStep.Improved, given, ends.AddDays(1), unauthorisedSince: 0));
    }

    [Theory]
    [InlineData(PenaltyStep.NoticeToImprove, "Improved,Requested")]
    [InlineData(PenaltyStep.Requested, "Issued,Declined")]
    [InlineData(PenaltyStep.Issued, "Paid,Withdrawn,ProsecutionReferred")]
    [InlineData(PenaltyStep.Paid, "")]
    [InlineData(PenaltyStep.Withdrawn, "")]
    [InlineData(PenaltyStep.ProsecutionReferred, "")]
    [InlineData(PenaltyStep.Declined, "")]
    [InlineData(PenaltyStep.Improved, "")]
    public void Each_step_is_followed_by_what_the_framework_allows(PenaltyStep current, string next) =>
        Assert.Equal(next, string.Join(",", PenaltyNoticeRules.After(current)));

    [Fact]
    public void Term_time_leave_is_when_the_refused_leave_alone_reaches_the_threshold()
    {
        Assert.True(PenaltyNoticeRules.IsTermTimeLeave([.. Enumerable.Repeat("G", 10)], "G", 10));
        Assert.False(PenaltyNoticeRules.IsTermTimeLeave([.. Enumerable.Repeat("G", 9), "O"], "G", 10)); // the 10th is not leave
    }

    [Fact]
    public void The_sessions_concerned_are_the_unauthorised_ones_in_the_rolling_window()
    {
        var staff = new Staff("Mrs Okafor", "Attendance lead");
        RegisterEntry Mark(int week, string code) => new(new Session(new DateOnly(2026, 9, 7).AddDays(7 * week), SessionPart.AM), code, MarkSource.Office, staff, DateTimeOffset.UnixEpoch, week);
        var marks = new[] { Mark(0, "O"), Mark(1, "G"), Mark(5, "I"), Mark(10, "U"), Mark(10, "/") };

        var concerned = PenaltyNoticeRules.SessionsConcerned(marks, currentWeek: 10, weeks: 10);

        Assert.Equal(["G", "U"], concerned.Select(m => m.Code)); // week 0 is outside weeks 1-10; I is authorised
    }

    [Theory]
    [InlineData(2, "is 3 to 6 weeks")]
    [InlineData(7, "is 3 to 6 weeks")]
    public void The_improvement_period_is_3_to_6_weeks(int weeks, string problem) =>
        Assert.Contains((Rules with { ImprovementWeeks = weeks }).Validate(), p => p.Contains(problem, StringComparison.Ordinal));

    [Fact]
    public void The_reduced_window_falls_within_the_payment_window_and_the_amounts_are_ordered()
    {
        Assert.Contains((Rules with { ReducedDays = 29 }).Validate(), p => p.Contains("within the 28 days", StringComparison.Ordinal));
        Assert.Contains((Rules with { FullAmount = 60m }).Validate(), p => p.Contains("no less than the reduced", StringComparison.Ordinal));
        Assert.Contains((AttendancePolicy.Default with { PenaltyNotices = Rules with { ImprovementWeeks = 1 } }).Validate(), p => p.Contains("3 to 6 weeks", StringComparison.Ordinal));
    }
}
