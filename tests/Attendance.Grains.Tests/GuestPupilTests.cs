using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Testing;
using static Attendance.Grains.Tests.TestProvision;
using static Attendance.Grains.Tests.TestSchool;

namespace Attendance.Grains.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class GuestPupilTests(MemoryClusterFixture fixture) : IClassFixture<MemoryClusterFixture>
{
    private readonly IGrainFactory grains = fixture.Cluster.GrainFactory;

    /// <param name="now">The school clock to start from.</param>
    private async Task<(TestSchool School, TestProvision Provision)> GuestOnTuesdayMorning(DateTimeOffset? now = null)
    {
        TestClock.Instance.Now = now ?? At(9, 0);
        var school = await new TestSchool(grains).CreateAsync();
        return (school, await new TestProvision(grains).CreateAsync(school));
    }

    [Fact]
    public async Task The_referring_school_records_B_the_moment_the_provision_marks_the_guest_present()
    {
        var (school, provision) = await GuestOnTuesdayMorning();

        // The class register at 09:05 leaves the guest to the provision: not missing, shown as at the provision.
        TestClock.Instance.Now = At(9, 5);
        var register = await school.Class("3B").SubmitRegister(new RegisterSubmission(Today, Teacher, [new PupilMark(Upn(2), "/"), new PupilMark(Upn(3), "/")]));
        Assert.True(register.Accepted);
        Assert.Equal("The Bridge", (await school.Class("3B").GetRegister(Today))!.Lines.Single(l => l.Upn == Upn(1)).AtProvision);

        TestClock.Instance.Now = At(9, 32);
        var arrived = await provision.Provision.RecordArrival(new GuestArrival(Upn(1), null, Keyworker));

        Assert.Null(arrived.Rejection);
        Assert.Equal("/", arrived.Value!.Code);
        var atSchool = await school.Pupil(Upn(1)).GetMark(Today);
        Assert.Equal(("B", MarkSource.Provision, "Keyworker, The Bridge"), (atSchool!.Code, atSchool.Source, atSchool.RecordedBy.Position));
        var line = (await school.Class("3B").GetRegister(Today))!.Lines.Single(l => l.Upn == Upn(1));
        Assert.Equal("B", line.Mark!.Code);
    }

    [Fact]
    public async Task The_agreement_code_is_what_the_referring_school_records()
    {
        TestClock.Instance.Now = At(9, 0);
        var school = await new TestSchool(grains).CreateAsync();
        var provision = await new TestProvision(grains).CreateAsync(school, agreementCode: "K");

        TestClock.Instance.Now = At(9, 31);
        await provision.Provision.RecordArrival(new GuestArrival(Upn(1), null, Keyworker));

        Assert.Equal("K", (await school.Pupil(Upn(1)).GetMark(Today))!.Code);
    }

    [Fact]
    public async Task A_guest_not_arrived_by_09_45_raises_one_call_parent_task_and_the_school_sees_the_absence()
    {
        var (school, provision) = await GuestOnTuesdayMorning();

        TestClock.Instance.Now = At(9, 44, 59);
        await provision.Provision.CheckArrivals(Today);
        Assert.Empty(await provision.FollowUp.List(new TaskQuery()));
        Assert.Null(await school.Pupil(Upn(1)).GetMark(Today));

        TestClock.Instance.Now = At(9, 45);
        await provision.Provision.CheckArrivals(Today);
        await provision.Provision.CheckArrivals(Today);

        var task = Assert.Single(await provision.FollowUp.List(new TaskQuery()));
        Assert.Equal((FollowUpKind.CallParent, Upn(1), school.Id, At(9, 45)), (task.Kind, task.Upn, task.SchoolId, task.Due));
        Assert.Equal("Parent 1", task.ContactToCall!.Name);
        var atSchool = await school.Pupil(Upn(1)).GetMark(Today);
        Assert.Equal(("N", MarkSource.Provision), (atSchool!.Code, atSchool.Source));
        Assert.True((await provision.Provision.GetDay(Today.Date))!.Lines.Single(l => l.Session == Today).CallRaised);
    }

    [Fact]
    public async Task A_guest_arriving_at_09_44_raises_no_call()
    {
        var (school, provision) = await GuestOnTuesdayMorning();

        TestClock.Instance.Now = At(9, 44);
        var arrived = await provision.Provision.RecordArrival(new GuestArrival(Upn(1), null, Keyworker));
        TestClock.Instance.Now = At(9, 45);
        await provision.Provision.CheckArrivals(Today);

        Assert.Equal("L", arrived.Value!.Code); // after 09:35 at the provision: late there, still attended
        Assert.Empty(await provision.FollowUp.List(new TaskQuery(IncludeClosed: true)));
        Assert.Equal("B", (await school.Pupil(Upn(1)).GetMark(Today))!.Code);
    }

    [Fact]
    public async Task A_guest_arriving_after_the_call_closes_it_and_turns_the_schools_N_into_B_keeping_the_N()
    {
        var (school, provision) = await GuestOnTuesdayMorning();
        TestClock.Instance.Now = At(9, 45);
        await provision.Provision.CheckArrivals(Today);

        TestClock.Instance.Now = At(9, 58);
        await provision.Provision.RecordArrival(new GuestArrival(Upn(1), null, Keyworker));

        var history = await school.Pupil(Upn(1)).GetHistory(Today);
        Assert.Equal(["N", "B"], history.Select(e => e.Code));
        Assert.Equal("Arrived at The Bridge at 09:58", history[1].AmendmentReason);
        var task = await Eventually.Until(
            async () => (await provision.FollowUp.List(new TaskQuery(IncludeClosed: true))).Single(),
            t => !t.IsOpen);
        Assert.Equal(("Arrived at 09:58", "Mr Ellis"), (task.Closed!.Outcome, task.Closed.By.Name));
    }

    [Fact]
    public async Task The_referring_school_is_told_when_a_parent_reports_the_guest_cannot_attend_even_if_they_say_they_told_it()
    {
        // Thursday afternoon: the provision's 12:30 session, before the school's own PM register opens at 13:00.
        var thursday = new Session(new DateOnly(2026, 11, 12), SessionPart.PM);
        var (school, provision) = await GuestOnTuesdayMorning(new DateTimeOffset(2026, 11, 12, 12, 0, 0, TimeSpan.Zero));
        var recorder = new FeedRecorder();
        await grains.GetGrain<ISchoolFeedGrain>(school.Id).Subscribe(grains.CreateObjectReference<IDashboardObserver>(recorder));

        var absent = await provision.Provision.RecordAbsence(new GuestAbsence(Upn(1), thursday, "I", "Mum phoned: temperature", ParentSaysSchoolTold: true, Keyworker));

        Assert.Null(absent.Rejection);
        var alert = await recorder.NextAlert();
        Assert.Equal((CrossingKind.GuestAbsent, Upn(1), AlertStatus.Open), (alert.Kind, alert.Upn, alert.Status));
        Assert.Contains("Mum phoned: temperature", alert.Summary);
        Assert.Contains("the parent says they already told the school", alert.Summary);
        Assert.Single(await grains.GetGrain<IAlertInboxGrain>(school.Id).List(new AlertQuery(Kind: CrossingKind.GuestAbsent)));
        Assert.Equal("N", (await school.Pupil(Upn(1)).GetMark(thursday))!.Code); // the school decides whether to authorise

        // The provision's call at 12:45 is not needed: the absence is already recorded there.
        TestClock.Instance.Now = new DateTimeOffset(2026, 11, 12, 12, 45, 0, TimeSpan.Zero);
        await provision.Provision.CheckArrivals(thursday);
        Assert.Empty(await provision.FollowUp.List(new TaskQuery()));
    }

    [Fact]
    public async Task The_combined_view_counts_the_provision_and_the_school_and_measures_persistent_absence_across_both()
    {
        var (school, provision) = await GuestOnTuesdayMorning();
        await school.ImportHistory(1, (new Session(new DateOnly(2026, 11, 3), SessionPart.AM), "O"));
        TestClock.Instance.Now = At(9, 31);
        await provision.Provision.RecordArrival(new GuestArrival(Upn(1), null, Keyworker));

        var view = await provision.Provision.GetGuest(Upn(1));

        Assert.Equal((1, 0), (view!.ProvisionSessionsAttended, view.ProvisionSessionsMissed));
        Assert.Equal(1, view.AtSchool!.Attendance.ApprovedEducationalActivity);
        Assert.Equal(1, view.AtSchool.Attendance.UnauthorisedAbsence);
        Assert.False(view.PersistentlyAbsent);
    }

    [Fact]
    public async Task Marks_the_provision_cannot_take_are_refused_and_change_nothing()
    {
        var (school, provision) = await GuestOnTuesdayMorning();
        TestClock.Instance.Now = At(9, 40);

        var notAGuest = await provision.Provision.RecordArrival(new GuestArrival(Upn(2), null, Keyworker));
        var noStaff = await provision.Provision.RecordArrival(new GuestArrival(Upn(1), null, new Staff("", "")));
        var presentAsAbsence = await provision.Provision.RecordAbsence(new GuestAbsence(Upn(1), Today, "/", "Here", false, Keyworker));
        var unknownCode = await provision.Provision.RecordAbsence(new GuestAbsence(Upn(1), Today, "ZZ", "?", false, Keyworker));
        var notExpected = await provision.Provision.RecordAbsence(new GuestAbsence(Upn(1), new Session(new DateOnly(2026, 11, 11), SessionPart.AM), "I", "Ill", false, Keyworker));
        TestClock.Instance.Now = new DateTimeOffset(2026, 11, 11, 9, 40, 0, TimeSpan.Zero);
        var wednesday = await provision.Provision.RecordArrival(new GuestArrival(Upn(1), null, Keyworker));

        Assert.Equal(RejectionReason.NotAGuest, notAGuest.Rejection!.Reason);
        Assert.Equal(RejectionReason.InvalidRequest, noStaff.Rejection!.Reason);
        Assert.Equal(RejectionReason.UnknownCode, presentAsAbsence.Rejection!.Reason);
        Assert.Equal(RejectionReason.UnknownCode, unknownCode.Rejection!.Reason);
        Assert.Equal(RejectionReason.NotExpected, notExpected.Rejection!.Reason);
        Assert.Equal(RejectionReason.NotExpected, wednesday.Rejection!.Reason);
        Assert.Contains("Tuesday AM, Thursday PM", wednesday.Rejection.Detail);
        Assert.DoesNotContain((await provision.Provision.GetDay(Today.Date))!.Lines, l => l.Mark is not null);
        Assert.Null(await school.Pupil(Upn(1)).GetMark(Today));
    }

    [Fact]
    public async Task Placements_the_provision_cannot_make_are_refused()
    {
        var (school, provision) = await GuestOnTuesdayMorning();

        var badCode = await provision.Provision.PlaceGuest(new GuestPlacement(school.Id, Upn(2), TuesdayAmThursdayPm, "X"));
        var notOnRoll = await provision.Provision.PlaceGuest(new GuestPlacement(school.Id, Upn(99), TuesdayAmThursdayPm));
        var noSessions = await provision.Provision.PlaceGuest(new GuestPlacement(school.Id, Upn(2), new GuestSchedule([])));
        var sameIdAsSchool = await grains.GetGrain<IProvisionGrain>(school.Id).Configure(new SchoolSettings("Clash", Calendar, Times));

        Assert.Equal(RejectionReason.InvalidRequest, badCode.Rejection!.Reason);
        Assert.Equal(RejectionReason.UnknownPupil, notOnRoll.Rejection!.Reason);
        Assert.Equal(RejectionReason.InvalidRequest, noSessions.Rejection!.Reason);
        Assert.Contains($"'{school.Id}' is already the id of the school", Assert.Single(sameIdAsSchool.Rejection!.Items));
        Assert.Single(await provision.Provision.GetGuests());
    }
}
