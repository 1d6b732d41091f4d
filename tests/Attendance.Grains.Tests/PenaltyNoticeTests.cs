using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Testing;
using static Attendance.Grains.Tests.TestSchool;

namespace Attendance.Grains.Tests;

/// <summary>
/// The penalty-notice lifecycle (2024 national framework): the decision on a threshold alert opens a case, a Notice to
/// Improve comes first unless the framework says otherwise, each step in order and on time, and at most two notices
/// per parent and child within three years.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class PenaltyNoticeTests(MemoryClusterFixture fixture) : IClassFixture<MemoryClusterFixture>
{
    private static readonly Staff Head = new("Dr Hughes", "Headteacher");
    private static readonly PenaltyConsiderations Considered = new(
        "Support offered since September: breakfast club, a key adult", "Yes: the family has not engaged with support", "Given first, as the framework expects",
        "Not yet: a notice first", "Yes: no additional needs identified");

    private readonly IGrainFactory grains = fixture.Cluster.GrainFactory;

    private static Session Pm(int month, int day) => new(new DateOnly(2026, month, day), SessionPart.PM);

    private static DateOnly Day(int month, int day) => new(2026, month, day);

    private static PenaltyNoticeDecision Pursue(string parent = "Parent 3", PenaltyConsiderations? considered = null) =>
        new(true, "Support has not worked", parent, considered ?? Considered);

    /// <summary>Pupil 3 reaches the threshold this morning (Tuesday 10 November): the tenth unauthorised session in ten school weeks.</summary>
    private async Task<(TestSchool School, string AlertId)> SchoolAtTheThreshold(string code = "O")
    {
        TestClock.Instance.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = await new TestSchool(grains).CreateAsync();
        await school.ImportHistory(3,
            (Pm(10, 19), code), (Pm(10, 20), code), (Pm(10, 21), code), (Pm(10, 22), code), (Pm(10, 23), code),
            (Pm(11, 3), code), (Pm(11, 4), code), (Pm(11, 5), code), (Pm(11, 6), code));
        await school.Class("3B").Mark(new SingleMark(Upn(3), Today, code, Officer));
        return (school, (await Inbox(school).List(new AlertQuery(Kind: CrossingKind.PenaltyNoticeThreshold))).Single().Id);
    }

    private IAlertInboxGrain Inbox(TestSchool school) => grains.GetGrain<IAlertInboxGrain>(school.Id);

    private IPenaltyNoticesGrain Cases(TestSchool school) => grains.GetGrain<IPenaltyNoticesGrain>(school.Id);

    private static PenaltyCaseStep Step(PenaltyStep step, DateOnly on, string note = "") => new(step, on, note, Head, default);

    private static void At(int month, int day) => TestClock.Instance.Now = new DateTimeOffset(2026, month, day, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Pursuing_a_notice_needs_the_considerations_then_a_Notice_to_Improve_the_request_the_issue_and_payment_follow_in_order()
    {
        var (school, alertId) = await SchoolAtTheThreshold();

        var noRationale = await Inbox(school).Decide(alertId, new AlertDecision(Head, "Letter sent"));
        Assert.Equal(RejectionReason.InvalidRequest, noRationale.Rejection!.Reason);
        Assert.Equal(["penaltyNotice"], (await Inbox(school).Decide(alertId, new AlertDecision(Head, "Penalty notice", Pursue()))).Rejection!.Items); // only through its case
        var unconsidered = await Cases(school).Pursue(alertId, new AlertDecision(Head, "Penalty notice", Pursue(considered: Considered with { Adjustments = " " })));
        Assert.Equal(["penaltyNotice.considerations"], unconsidered.Rejection!.Items);
        Assert.True((await Inbox(school).Get(alertId))!.IsOpen);
        Assert.Empty(await Cases(school).ListCases());

        var decided = await Cases(school).Pursue(alertId, new AlertDecision(Head, "Penalty notice", Pursue()));
        Assert.Equal(AlertStatus.Decided, decided.Value!.Status);
        Assert.Contains("pursued for Parent 3: Notice to Improve given to Parent 3: the improvement period runs to 21 December 2026", decided.Value.Trail[^1].What, StringComparison.Ordinal);
        var opened = Assert.Single(await Cases(school).ListCases(Upn(3)));
        Assert.Equal((PenaltyStep.NoticeToImprove, false, 10), (opened.Current, opened.TermTimeLeave, opened.SessionsConcerned.Count));
        Assert.Equal(RejectionReason.AlertClosed, (await Cases(school).Pursue(alertId, new AlertDecision(Head, "Again", Pursue()))).Rejection!.Reason);
        Assert.Single(await Cases(school).ListCases()); // sent again: refused as decided, no second case

        // In the improvement period, a request needs unauthorised absence since the notice; there is none yet.
        var early = await Cases(school).RecordStep(opened.Id, Step(PenaltyStep.Requested, Day(11, 10)));
        Assert.Equal(RejectionReason.PenaltyStepRefused, early.Rejection!.Reason);
        Assert.Equal(RejectionReason.PenaltyStepRefused, (await Cases(school).RecordStep(opened.Id, Step(PenaltyStep.Issued, Day(11, 10)))).Rejection!.Reason); // the LA issues after a request
        TestClock.Instance.Now = new DateTimeOffset(2026, 11, 11, 9, 10, 0, TimeSpan.Zero);
        await school.Class("3B").Mark(new SingleMark(Upn(3), new Session(Day(11, 11), SessionPart.AM), "O", Officer));
        Assert.Equal(PenaltyStep.Requested, (await Cases(school).RecordStep(opened.Id, Step(PenaltyStep.Requested, Day(11, 11)))).Value!.Current);

        At(11, 12);
        Assert.Equal(["on"], (await Cases(school).RecordStep(opened.Id, Step(PenaltyStep.Issued, Day(11, 13)))).Rejection!.Items); // not yet happened
        var issued = (await Cases(school).RecordStep(opened.Id, Step(PenaltyStep.Issued, Day(11, 12)) with { Reference = "PN-2026-0042" })).Value!;
        Assert.Equal(1, issued.NoticeNumber);
        Assert.Equal(RejectionReason.PenaltyStepRefused, (await Cases(school).RecordStep(opened.Id, Step(PenaltyStep.ProsecutionReferred, Day(11, 12), "Unpaid"))).Rejection!.Reason);

        At(12, 3); // the 21st day after the issue
        var paid = (await Cases(school).RecordStep(opened.Id, Step(PenaltyStep.Paid, Day(12, 3)))).Value!;
        Assert.Equal((PenaltyStep.Paid, 80m, false), (paid.Current, paid.Steps[^1].Amount, paid.IsOpen));
        Assert.Contains("ended", (await Cases(school).RecordStep(opened.Id, Step(PenaltyStep.Withdrawn, Day(12, 3), "x"))).Rejection!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_most_two_notices_per_parent_and_child_in_three_years_a_second_has_no_reduced_amount_and_no_second_Notice_to_Improve()
    {
        var (school, alertId) = await SchoolAtTheThreshold();
        Assert.Null((await Cases(school).Pursue(alertId, new AlertDecision(Head, "Penalty notice", Pursue()))).Rejection);
        var firstCase = (await Cases(school).ListCases()).Single();
        At(12, 22); // after the improvement period
        await Cases(school).RecordStep(firstCase.Id, Step(PenaltyStep.Requested, Day(12, 22)));
        await Cases(school).RecordStep(firstCase.Id, Step(PenaltyStep.Issued, Day(12, 22)));

        async Task<string> CrossAgain(string reason)
        {
            TestClock.Instance.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
            await school.Class("3B").Amend(new Amendment(Upn(3), Today, "I", reason, Officer));
            await school.Class("3B").Amend(new Amendment(Upn(3), Today, "O", reason, Officer));
            return (await Inbox(school).List(new AlertQuery(Kind: CrossingKind.PenaltyNoticeThreshold))).Single().Id;
        }

        // While the first case is open, a second alert for the same parent does not open another.
        var secondAlert = await CrossAgain("Second episode");
        Assert.Equal(RejectionReason.PenaltyStepRefused, (await Cases(school).Pursue(secondAlert, new AlertDecision(Head, "Penalty notice", Pursue()))).Rejection!.Reason);
        At(12, 23);
        await Cases(school).RecordStep(firstCase.Id, Step(PenaltyStep.Paid, Day(12, 23)));

        Assert.Null((await Cases(school).Pursue(secondAlert, new AlertDecision(Head, "Penalty notice", Pursue()))).Rejection);
        var second = (await Cases(school).ListCases()).First(c => c.IsOpen);
        Assert.Equal(PenaltyStep.Requested, second.Current); // a Notice to Improve was given within three years: straight to the request
        await Cases(school).RecordStep(second.Id, Step(PenaltyStep.Issued, Day(12, 23)));
        Assert.Equal(160m, (await Cases(school).RecordStep(second.Id, Step(PenaltyStep.Paid, Day(12, 23)))).Value!.Steps[^1].Amount); // a second notice: no reduced amount

        var thirdAlert = await CrossAgain("Third episode");
        var capped = await Cases(school).Pursue(thirdAlert, new AlertDecision(Head, "Penalty notice", Pursue()));
        Assert.Equal(RejectionReason.PenaltyNoticeCapReached, capped.Rejection!.Reason);
        Assert.True((await Inbox(school).Get(thirdAlert))!.IsOpen);
        Assert.Null((await Cases(school).Pursue(thirdAlert, new AlertDecision(Head, "Penalty notice", Pursue("Father 3")))).Rejection); // the limit is per parent
    }

    [Fact]
    public async Task Term_time_leave_goes_straight_to_the_request_and_a_withdrawn_notice_does_not_count()
    {
        var (school, alertId) = await SchoolAtTheThreshold("G");
        await Cases(school).Pursue(alertId, new AlertDecision(Head, "Penalty notice", Pursue()));
        var penalty = (await Cases(school).ListCases()).Single();
        Assert.Equal((PenaltyStep.Requested, true), (penalty.Current, penalty.TermTimeLeave));
        Assert.Contains("leave in term time", penalty.Steps[0].Note, StringComparison.Ordinal);

        await Cases(school).RecordStep(penalty.Id, Step(PenaltyStep.Issued, Day(11, 10)));
        Assert.Equal(["note"], (await Cases(school).RecordStep(penalty.Id, Step(PenaltyStep.Withdrawn, Day(11, 10)))).Rejection!.Items); // say why
        var withdrawn = (await Cases(school).RecordStep(penalty.Id, Step(PenaltyStep.Withdrawn, Day(11, 10), "Issued to the wrong parent"))).Value!;
        Assert.False(withdrawn.IsOpen);

        // Past the payment window, unpaid: the lead is told to ask the local authority (one task per case).
        var (other, otherAlert) = await SchoolAtTheThreshold("G");
        await Cases(other).Pursue(otherAlert, new AlertDecision(Head, "Penalty notice", Pursue()));
        var unpaid = (await Cases(other).ListCases()).Single();
        await Cases(other).RecordStep(unpaid.Id, Step(PenaltyStep.Issued, Day(11, 10)));
        At(12, 8); // the 28th day
        await grains.GetGrain<ICaseworkGrain>(other.Id).CheckDue();
        Assert.DoesNotContain(await grains.GetGrain<IFollowUpGrain>(other.Id).List(new TaskQuery(Upn: Upn(3))), t => t.Kind == FollowUpKind.PenaltyNoticeStep);
        At(12, 9);
        await grains.GetGrain<ICaseworkGrain>(other.Id).CheckDue();
        var task = Assert.Single(await grains.GetGrain<IFollowUpGrain>(other.Id).List(new TaskQuery(Upn: Upn(3))), t => t.Kind == FollowUpKind.PenaltyNoticeStep);
        Assert.Contains("past its 28 days", task.What, StringComparison.Ordinal);
        var referred = await Cases(other).RecordStep(unpaid.Id, Step(PenaltyStep.ProsecutionReferred, Day(12, 9), "Unpaid: the LA prosecutes"));
        Assert.Equal(PenaltyStep.ProsecutionReferred, referred.Value!.Current);
        Assert.NotNull((await grains.GetGrain<IFollowUpGrain>(other.Id).Get(task.Id))!.Closed);
    }
}
