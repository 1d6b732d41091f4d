using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Testing;
using static Attendance.Grains.Tests.TestSchool;

namespace Attendance.Grains.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class AlertTests(MemoryClusterFixture fixture) : IClassFixture<MemoryClusterFixture>
{
    private static readonly Staff Lead = new("Mrs Khan", "Attendance lead");
    private readonly IGrainFactory grains = fixture.Cluster.GrainFactory;

    private static Session Pm(int month, int day) => new(new DateOnly(2026, month, day), SessionPart.PM);

    /// <summary>
    /// Pupil 3 (class 3B) with 9 unauthorised sessions in the 10 school weeks ending this week: 5 before half-term,
    /// 4 after. The window spans the half-term holiday, which is not a school week.
    /// </summary>
    private async Task<TestSchool> SchoolWithNineUnauthorisedSessions()
    {
        TestClock.Instance.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = await new TestSchool(grains).CreateAsync();
        await school.ImportHistory(3,
            (Pm(10, 19), "O"), (Pm(10, 20), "O"), (Pm(10, 21), "G"), (Pm(10, 22), "O"), (Pm(10, 23), "U"),
            (Pm(11, 3), "O"), (Pm(11, 4), "O"), (Pm(11, 5), "N"), (Pm(11, 6), "O"));
        return school;
    }

    private IAlertInboxGrain Inbox(TestSchool school) => grains.GetGrain<IAlertInboxGrain>(school.Id);

    private async Task<List<AttendanceAlert>> PenaltyAlerts(TestSchool school) =>
        [.. await Inbox(school).List(new AlertQuery(IncludeClosed: true, Kind: CrossingKind.PenaltyNoticeThreshold))];

    [Fact]
    public async Task History_sets_the_baseline_and_the_tenth_unauthorised_session_raises_one_alert()
    {
        var school = await SchoolWithNineUnauthorisedSessions();
        Assert.Empty(await Inbox(school).List(new AlertQuery(IncludeClosed: true)));

        await school.Class("3B").Mark(new SingleMark(Upn(3), Today, "O", Officer));

        var alert = Assert.Single(await PenaltyAlerts(school));
        Assert.Equal(($"{Upn(3)}-PenaltyNoticeThreshold-1", AlertStatus.Open, "No", "Yes"), (alert.Id, alert.Status, alert.From, alert.To));
        Assert.Equal(10, alert.Figures!.UnauthorisedInWindow);
        Assert.Equal((Upn(3), "3B", school.Id), (alert.Upn, alert.ClassId, alert.SchoolId));
        Assert.Contains("consider a penalty notice", alert.Action, StringComparison.Ordinal);
        Assert.Contains("marked O by Mr Jones", alert.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resent_mark_raises_nothing_more()
    {
        var school = await SchoolWithNineUnauthorisedSessions();
        var mark = new SingleMark(Upn(3), Today, "O", Officer);

        await school.Class("3B").Mark(mark);
        await school.Class("3B").Mark(mark);
        await school.Class("3B").SubmitRegister(Register(Today, "/", "/", "O"));

        Assert.Single(await PenaltyAlerts(school));
    }

    [Fact]
    public async Task An_amendment_lifting_the_pupil_back_resolves_the_alert_and_falling_back_alerts_again()
    {
        var school = await SchoolWithNineUnauthorisedSessions();
        await school.Class("3B").Mark(new SingleMark(Upn(3), Today, "O", Officer));

        await school.Class("3B").Amend(new Amendment(Upn(3), Today, "I", "Mother phoned at 09:40: chickenpox", Officer));

        var afterAmendment = await PenaltyAlerts(school);
        var first = afterAmendment.Single(a => a.Id.EndsWith("-1", StringComparison.Ordinal));
        Assert.Equal(AlertStatus.Resolved, first.Status);
        Assert.Contains("Resolved by amendment", first.Resolution, StringComparison.Ordinal);
        Assert.Contains("chickenpox", first.Resolution, StringComparison.Ordinal);
        var improvement = afterAmendment.Single(a => a.Id.EndsWith("-2", StringComparison.Ordinal));
        Assert.Equal((AlertStatus.Improvement, "Yes", "No"), (improvement.Status, improvement.From, improvement.To));
        Assert.Empty(await Inbox(school).List(new AlertQuery(Kind: CrossingKind.PenaltyNoticeThreshold)));

        await school.Class("3B").Amend(new Amendment(Upn(3), Today, "O", "Illness not confirmed", Officer));

        var again = Assert.Single(await Inbox(school).List(new AlertQuery(Kind: CrossingKind.PenaltyNoticeThreshold)));
        Assert.Equal($"{Upn(3)}-PenaltyNoticeThreshold-3", again.Id);
    }

    [Fact]
    public async Task The_alert_is_pushed_to_the_schools_observers()
    {
        var school = await SchoolWithNineUnauthorisedSessions();
        var recorder = new FeedRecorder();
        await grains.GetGrain<ISchoolFeedGrain>(school.Id).Subscribe(fixture.Cluster.Client.CreateObjectReference<IDashboardObserver>(recorder));

        await school.Class("3B").Mark(new SingleMark(Upn(3), Today, "O", Officer));

        var pushed = await recorder.NextAlert();
        Assert.Equal(($"{Upn(3)}-PenaltyNoticeThreshold-1", school.Id), (pushed.Id, pushed.SchoolId));
    }

    [Fact]
    public async Task Leads_acknowledge_and_assign_with_a_trail()
    {
        var school = await SchoolWithNineUnauthorisedSessions();
        await school.Class("3B").Mark(new SingleMark(Upn(3), Today, "O", Officer));
        var id = (await PenaltyAlerts(school)).Single().Id;
        var inbox = Inbox(school);

        Assert.Equal(AlertStatus.Acknowledged, (await inbox.Acknowledge(id, Lead)).Value!.Status);
        var assigned = (await inbox.Assign(id, Lead, "Mr Jones")).Value!;

        Assert.Equal("Mr Jones", assigned.AssignedTo);
        Assert.Equal(["Acknowledged", "Assigned to Mr Jones"], assigned.Trail.Select(n => n.What));
        Assert.Equal("Mrs Khan (Attendance lead)", assigned.Trail[0].By);
        Assert.Equal(RejectionReason.UnknownAlert, (await inbox.Acknowledge("nope", Lead)).Rejection!.Reason);
        Assert.Equal(RejectionReason.InvalidRequest, (await inbox.Assign(id, Lead, " ")).Rejection!.Reason);
        Assert.Equal(RejectionReason.InvalidRequest, (await inbox.Acknowledge(id, new Staff("", ""))).Rejection!.Reason);
    }

    [Fact]
    public async Task A_school_policy_overrides_the_trusts_and_a_new_policy_is_a_new_baseline()
    {
        var school = await SchoolWithNineUnauthorisedSessions();
        var trustVersion = (await school.School.GetPolicy())!;
        Assert.False(trustVersion.SetBySchool);

        var strict = AttendancePolicy.Default with { PenaltyNoticeSessions = 5 };
        Assert.Null((await school.School.SetPolicy(strict)).Rejection);
        var own = (await school.School.GetPolicy())!;
        Assert.True(own.SetBySchool);
        Assert.Equal(5, own.Policy.PenaltyNoticeSessions);
        Assert.True(own.Version > trustVersion.Version);

        // Already past 5 under the new policy: that is the baseline, not a crossing. The next absence is not one either.
        await school.Class("3B").Mark(new SingleMark(Upn(3), Today, "O", Officer));
        Assert.Empty(await PenaltyAlerts(school));

        Assert.False((await school.School.SetPolicy(strict with { Bands = [] })).Accepted);
        Assert.Null((await school.School.SetPolicy(null)).Rejection);
        Assert.False((await school.School.GetPolicy())!.SetBySchool);
    }

    [Fact]
    public async Task A_change_to_the_trust_policy_reaches_schools_that_follow_it()
    {
        var school = await SchoolWithNineUnauthorisedSessions();
        var trust = grains.GetGrain<ITrustPolicyGrain>(ITrustPolicyGrain.Key);
        var before = (await school.School.GetPolicy())!.Version;
        try
        {
            Assert.Null((await trust.SetPolicy(AttendancePolicy.Default with { TargetPercent = 97m })).Rejection);

            var after = (await school.School.GetPolicy())!;
            Assert.Equal(97m, after.Policy.TargetPercent);
            Assert.True(after.Version > before);
            Assert.Equal(97m, (await school.School.GetLiveStatus())!.TargetPercent);
        }
        finally
        {
            await trust.SetPolicy(AttendancePolicy.Default);
        }
    }

    [Fact]
    public async Task Once_registers_close_a_session_well_below_the_usual_for_the_weekday_raises_one_school_alert()
    {
        TestClock.Instance.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = await new TestSchool(grains).CreateAsync();
        foreach (var pupil in Enumerable.Range(1, 6))
        {
            await school.ImportHistory(pupil); // present at every session so far: the usual is 100%
        }

        await school.Class("3B").SubmitRegister(Register(Today, "/", "N", "N"));
        await school.Class("4G").SubmitRegister(new RegisterSubmission(Today, Teacher, [new(Upn(4), "/"), new(Upn(5), "I"), new(Upn(6), "/")]));
        Assert.Empty(await Inbox(school).List(new AlertQuery(Kind: CrossingKind.SchoolBelowUsual))); // registers still open

        TestClock.Instance.Now = new DateTimeOffset(2026, 11, 10, 9, 30, 0, TimeSpan.Zero); // the close: every register is in
        var alerts = await Eventually.Until(() => Inbox(school).List(new AlertQuery(Kind: CrossingKind.SchoolBelowUsual)), a => a.Count > 0);

        var alert = Assert.Single(alerts);
        Assert.Equal(($"school-{Today}-below-usual", "usual 100.0%", "50.0%", true), (alert.Id, alert.From, alert.To, alert.ForTrust));
        Assert.Contains("Tuesday mornings (last 6 open weeks)", alert.Summary, StringComparison.Ordinal);
        await school.School.CheckAgainstUsual(Today);
        Assert.Single(await Inbox(school).List(new AlertQuery(Kind: CrossingKind.SchoolBelowUsual)));
    }

    [Fact]
    public async Task A_class_shows_its_attendance_for_the_school_week_so_far()
    {
        TestClock.Instance.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = await new TestSchool(grains).CreateAsync();
        foreach (var pupil in Enumerable.Range(1, 3))
        {
            await school.ImportHistory(pupil, (Pm(11, 9), pupil == 1 ? "O" : "/"));
        }

        await school.Class("3B").SubmitRegister(Register(Today, "/", "N", "/"));

        // Monday: 5 of 6 sessions attended; Tuesday AM: 2 of 3. 7 of 9 = 77.8%.
        Assert.Equal(77.8m, (await school.Class("3B").GetStatus(Today))!.WeekAttendancePercent);
        Assert.Equal(77.8m, (await grains.GetGrain<ISchoolFeedGrain>(school.Id).GetSnapshot())!.Classes.Single(c => c.ClassId == "3B").WeekAttendancePercent);
    }
}
