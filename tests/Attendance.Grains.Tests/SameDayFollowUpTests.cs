using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Testing;
using static Attendance.Grains.Tests.TestSchool;

namespace Attendance.Grains.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class SameDayFollowUpTests(MemoryClusterFixture fixture) : IClassFixture<MemoryClusterFixture>
{
    private readonly IGrainFactory grains = fixture.Cluster.GrainFactory;

    private static DateTimeOffset At(int day, int hour, int minute, int second = 0) => new(2026, 11, day, hour, minute, second, TimeSpan.Zero);

    private static Session Am(int day) => new(new DateOnly(2026, 11, day), SessionPart.AM);

    /// <summary>Three contacts each, in priority order; pupil 2 has a social worker, pupil 4 is vulnerable.</summary>
    private static PupilDetails WithContacts(int n, string group) => Pupil(n, group) with
    {
        Flags = new PupilFlags(HasSocialWorker: n == 2, Vulnerable: n == 4),
        Contacts =
        [
            new Contact($"Parent {n}", "Mother", "07700 900001"),
            new Contact($"First emergency {n}", "Grandparent", "07700 900002"),
            new Contact($"Second emergency {n}", "Aunt", "07700 900003"),
        ],
    };

    private async Task<TestSchool> School(AttendancePolicy? policy = null)
    {
        var school = await new TestSchool(grains).CreateAsync();
        var outcome = await school.School.ImportRoster(SmallRoster with { Pupils = [.. SmallRoster.Pupils.Select(p => WithContacts(int.Parse(p.Upn[1..]), p.RegistrationGroup))] });
        Assert.Null(outcome.Rejection);
        if (policy is not null)
        {
            Assert.Null((await school.School.SetPolicy(policy)).Rejection);
        }

        return school;
    }

    private IFollowUpGrain FollowUp(TestSchool school) => grains.GetGrain<IFollowUpGrain>(school.Id);

    /// <summary>Takes class 4G's register on a morning (pupils 4, 5, 6) and runs the follow-up once it has closed.</summary>
    private async Task MorningIn4G(TestSchool school, int day, params string[] codes)
    {
        TestClock.Instance.Now = At(day, 9, 10);
        var register = new RegisterSubmission(Am(day), Teacher, [.. codes.Select((code, i) => new PupilMark(Upn(i + 4), code))]);
        Assert.True((await school.Class("4G").SubmitRegister(register)).Accepted);
        TestClock.Instance.Now = At(day, 9, 30);
        await FollowUp(school).CheckDue();
    }

    private async Task<List<FollowUpTask>> Tasks(TestSchool school, FollowUpKind kind) =>
        [.. await FollowUp(school).List(new TaskQuery(IncludeClosed: true, Kind: kind))];

    [Fact]
    public async Task The_call_list_is_built_when_the_register_closes_with_contacts_in_priority_order()
    {
        TestClock.Instance.Now = At(10, 9, 0);
        var school = await School();
        var recorder = new FeedRecorder();
        await grains.GetGrain<ISchoolFeedGrain>(school.Id).Subscribe(grains.CreateObjectReference<IDashboardObserver>(recorder));
        TestClock.Instance.Now = At(10, 9, 10);
        Assert.True((await school.Class("3B").SubmitRegister(Register(Today, "/", "N", "N"))).Accepted);

        TestClock.Instance.Now = At(10, 9, 29, 59);
        await FollowUp(school).CheckDue();
        Assert.Empty(await FollowUp(school).List(new TaskQuery()));

        TestClock.Instance.Now = At(10, 9, 30);
        await FollowUp(school).CheckDue();
        await FollowUp(school).CheckDue();

        // Pupils 2 and 3 are N; 4G has not taken its register, so pupils 4-6 have no mark.
        var calls = await Tasks(school, FollowUpKind.FirstDayCall);
        Assert.Equal([Upn(2), Upn(3), Upn(4), Upn(5), Upn(6)], calls.Select(t => t.Upn).Order());
        Assert.All(calls, t => Assert.Equal(At(10, 10, 30), t.Due));
        var call = calls.Single(t => t.Upn == Upn(2));
        Assert.Equal(["Parent 2", "First emergency 2", "Second emergency 2"], call.Contacts.Select(c => c.Name));
        Assert.True(call.Flags.HasSocialWorker);
        Assert.Contains("is marked N", call.What);
        Assert.Contains("has no mark", calls.Single(t => t.Upn == Upn(4)).What);
        var socialWorker = Assert.Single(await Tasks(school, FollowUpKind.TellSocialWorker));
        Assert.Equal(Upn(2), socialWorker.Upn);

        // Every task reaches the dashboard: the calls, the social worker, and a day-1 visit (a social worker makes pupil 2 vulnerable).
        var all = await FollowUp(school).List(new TaskQuery());
        Assert.Equal(7, all.Count);
        var pushed = new List<string>();
        for (var i = 0; i < all.Count; i++)
        {
            pushed.Add((await recorder.NextTask()).Id);
        }

        Assert.Equal(all.Select(t => t.Id).Order(), pushed.Order());
    }

    [Fact]
    public async Task No_answer_moves_to_the_next_contact_and_a_reason_given_amends_N_to_I_keeping_the_original()
    {
        TestClock.Instance.Now = At(10, 9, 10);
        var school = await School();
        Assert.True((await school.Class("3B").SubmitRegister(Register(Today, "/", "N", "/"))).Accepted);
        TestClock.Instance.Now = At(10, 9, 40);
        await FollowUp(school).CheckDue();
        var id = (await Tasks(school, FollowUpKind.FirstDayCall)).Single(t => t.Upn == Upn(2)).Id;

        var noAnswer = await FollowUp(school).RecordCall(id, new CallRecord(Officer, CallOutcome.NoAnswer));
        var noCode = await FollowUp(school).RecordCall(id, new CallRecord(Officer, CallOutcome.ReasonGiven, Note: "Ill"));
        var reason = await FollowUp(school).RecordCall(id, new CallRecord(Officer, CallOutcome.ReasonGiven, "I", "Temperature since last night"));
        var again = await FollowUp(school).RecordCall(id, new CallRecord(Officer, CallOutcome.NoAnswer));

        Assert.Equal("First emergency 2", noAnswer.Value!.ContactToCall!.Name);
        Assert.Equal(RejectionReason.InvalidRequest, noCode.Rejection!.Reason);
        Assert.Equal(RejectionReason.TaskClosed, again.Rejection!.Reason);
        var closed = reason.Value!;
        Assert.Equal((Officer, "Reason given: 'I' (Temperature since last night)"), (closed.Closed!.By, closed.Closed.Outcome));
        Assert.Equal([CallOutcome.NoAnswer, CallOutcome.ReasonGiven], closed.Calls.Select(c => c.Outcome));
        var history = await school.Pupil(Upn(2)).GetHistory(Today);
        Assert.Equal(["N", "I"], history.Select(e => e.Code));
        Assert.Equal("Call to First emergency 2 (Grandparent): Temperature since last night", history[1].AmendmentReason);
        Assert.Equal(Officer, history[1].RecordedBy);
    }

    [Fact]
    public async Task A_late_arrival_after_the_close_closes_the_call()
    {
        TestClock.Instance.Now = At(10, 9, 10);
        var school = await School();
        Assert.True((await school.Class("3B").SubmitRegister(Register(Today, "/", "/", "N"))).Accepted);
        TestClock.Instance.Now = At(10, 9, 30);
        await FollowUp(school).CheckDue();

        TestClock.Instance.Now = At(10, 9, 41);
        await school.Pupil(Upn(3)).RecordArrival(new Arrival(Upn(3), At(10, 9, 41)));

        var call = await Eventually.Until(async () => (await Tasks(school, FollowUpKind.FirstDayCall)).Single(t => t.Upn == Upn(3)), t => !t.IsOpen);
        Assert.StartsWith("Mark now 'U'", call.Closed!.Outcome);
    }

    [Fact]
    public async Task Home_visits_fall_on_day_one_for_vulnerable_pupils_and_day_two_for_others_then_every_third_school_day_across_a_weekend()
    {
        TestClock.Instance.Now = At(12, 9, 0);
        var school = await School();

        // Pupil 4 (vulnerable) and pupil 5 absent with no reason from Thursday 12 November; pupil 6 present.
        foreach (var day in new[] { 12, 13, 16, 17, 18 })
        {
            await MorningIn4G(school, day, "N", "N", "/");
        }

        var visits = await Tasks(school, FollowUpKind.HomeVisit);
        Assert.Equal([12, 17], visits.Where(t => t.Upn == Upn(4)).Select(t => t.Session.Date.Day).Order());
        Assert.Equal([13, 18], visits.Where(t => t.Upn == Upn(5)).Select(t => t.Session.Date.Day).Order());
        Assert.Contains("school day 4 of absence", visits.Single(t => t.Upn == Upn(4) && t.Session.Date.Day == 17).What);
    }

    [Fact]
    public async Task The_local_authority_is_told_on_the_tenth_school_day_counting_across_half_term_and_an_inset_day()
    {
        TestClock.Instance.Now = At(6, 9, 0);
        var school = await School();

        // Pupil 6: absent without permission from Monday 19 October (5 days, half-term, INSET on 2 November, 3-5 November).
        var absent = Calendar.SchoolDays().Where(d => d >= new DateOnly(2026, 10, 19) && d < new DateOnly(2026, 11, 6))
            .SelectMany(d => new[] { (new Session(d, SessionPart.AM), "O"), (new Session(d, SessionPart.PM), "O") })
            .ToArray();
        await school.ImportHistory(6, new DateOnly(2026, 11, 6), absent);

        await MorningIn4G(school, 6, "/", "/", "O");
        Assert.Empty(await Tasks(school, FollowUpKind.InformLocalAuthority));

        await MorningIn4G(school, 9, "/", "/", "O");
        await MorningIn4G(school, 10, "/", "/", "O");

        var task = Assert.Single(await Tasks(school, FollowUpKind.InformLocalAuthority));
        Assert.Equal((Upn(6), Am(9)), (task.Upn, task.Session));
        Assert.Contains("10 school days in a row (since 19 October)", task.What);
    }

    [Fact]
    public async Task A_child_missing_education_referral_follows_the_days_and_home_visits_without_contact()
    {
        TestClock.Instance.Now = At(9, 9, 0);
        var policy = AttendancePolicy.Default with
        {
            FollowUp = new FollowUpRules(HomeVisitDayOthers: 1, HomeVisitEveryDays: 1, InformLocalAuthorityDays: 2, MissingEducationDays: 3, MissingEducationVisits: 2),
        };
        var school = await School(policy);

        await MorningIn4G(school, 9, "/", "N", "/");
        var first = (await Tasks(school, FollowUpKind.HomeVisit)).Single();
        Assert.Null((await FollowUp(school).Complete(first.Id, new TaskDone(Officer, "Nobody home; card left", ContactMade: false))).Rejection);
        await MorningIn4G(school, 10, "/", "N", "/");
        var second = (await Tasks(school, FollowUpKind.HomeVisit)).Single(t => t.IsOpen);
        await FollowUp(school).Complete(second.Id, new TaskDone(Officer, "Curtains drawn, no answer", ContactMade: false));
        Assert.Empty(await Tasks(school, FollowUpKind.ReferMissingEducation));

        await MorningIn4G(school, 11, "/", "N", "/");

        var referral = Assert.Single(await Tasks(school, FollowUpKind.ReferMissingEducation));
        Assert.Contains("3 school days absent since 9 November and 2 home visits without contact", referral.What);
        Assert.Single(await Tasks(school, FollowUpKind.InformLocalAuthority));
    }

    [Fact]
    public async Task An_N_still_N_after_five_school_days_becomes_an_alert()
    {
        TestClock.Instance.Now = At(9, 9, 0);
        var school = await School();
        await MorningIn4G(school, 9, "/", "N", "/");
        var inbox = grains.GetGrain<IAlertInboxGrain>(school.Id);

        foreach (var day in new[] { 10, 11, 12, 13 })
        {
            await MorningIn4G(school, day, "/", "/", "/");
        }

        Assert.Empty(await inbox.List(new AlertQuery(Kind: CrossingKind.ReasonNotEstablished)));

        await MorningIn4G(school, 16, "/", "/", "/");

        var alert = Assert.Single(await inbox.List(new AlertQuery(Kind: CrossingKind.ReasonNotEstablished)));
        Assert.Equal((Upn(5), "N", "5 school days"), (alert.Upn, alert.From, alert.To));
    }

    [Fact]
    public async Task A_task_closes_once_with_who_did_what_and_when()
    {
        TestClock.Instance.Now = At(10, 9, 10);
        var school = await School();
        Assert.True((await school.Class("3B").SubmitRegister(Register(Today, "/", "N", "/"))).Accepted);
        TestClock.Instance.Now = At(10, 9, 30);
        await FollowUp(school).CheckDue();
        var id = (await Tasks(school, FollowUpKind.TellSocialWorker)).Single().Id;

        TestClock.Instance.Now = At(10, 10, 5);
        var noOutcome = await FollowUp(school).Complete(id, new TaskDone(Officer, " "));
        var noStaff = await FollowUp(school).Complete(id, new TaskDone(new Staff("", ""), "Told"));
        var call = await FollowUp(school).RecordCall(id, new CallRecord(Officer, CallOutcome.NoAnswer));
        var done = await FollowUp(school).Complete(id, new TaskDone(Officer, "Told the social worker, Ms Reid, by phone"));
        var unknown = await FollowUp(school).Complete("no-such-task", new TaskDone(Officer, "x"));

        Assert.Equal(RejectionReason.InvalidRequest, noOutcome.Rejection!.Reason);
        Assert.Equal(RejectionReason.InvalidRequest, noStaff.Rejection!.Reason);
        Assert.Equal(RejectionReason.InvalidRequest, call.Rejection!.Reason);
        Assert.Equal(RejectionReason.UnknownTask, unknown.Rejection!.Reason);
        Assert.Equal(new TaskClosure(At(10, 10, 5), Officer, "Told the social worker, Ms Reid, by phone", false), done.Value!.Closed);
        Assert.Empty(await FollowUp(school).List(new TaskQuery(Kind: FollowUpKind.TellSocialWorker)));
    }
}
