using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Testing;
using static Attendance.Grains.Tests.TestSchool;

namespace Attendance.Grains.Tests;

/// <summary>The office's deletions and readmissions, recorded by the school: the line, the local authority's return, the class's roll.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class AdmissionTests(MemoryClusterFixture fixture) : IClassFixture<MemoryClusterFixture>
{
    private readonly IGrainFactory grains = fixture.Cluster.GrainFactory;

    [Fact]
    public async Task A_deletion_is_recorded_with_its_return_and_the_class_roll_and_sent_again_is_the_same_line()
    {
        TestClock.Instance.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = await new TestSchool(grains).CreateAsync();
        var deletion = new AdmissionEntry(Upn(2), AdmissionEntryKind.Deletion, new DateOnly(2026, 11, 6), DeletionGround.RegisteredAtAnotherSchool, null, Officer, TestClock.Instance.Now);

        var recorded = await school.School.RecordAdmission(deletion);
        var again = await school.School.RecordAdmission(deletion with { At = TestClock.Instance.Now.AddMinutes(5) });

        Assert.Equal(deletion, recorded.Value);
        Assert.Equal(deletion, again.Value); // the line already made
        Assert.Equal([AdmissionEntryKind.Admission, AdmissionEntryKind.Deletion], (await grains.GetGrain<IAdmissionRegisterGrain>(school.Id).List(Upn(2))).Select(e => e.Kind));
        var task = Assert.Single(await grains.GetGrain<IFollowUpGrain>(school.Id).List(new TaskQuery(Kind: FollowUpKind.DeletionReturn)));
        Assert.Equal((Upn(2), $"DeletionReturn-{Upn(2)}-2026-11-06"), (task.Upn, task.Id));

        // His class has a line for him up to his last day on roll only.
        Assert.Contains(Upn(2), (await school.Class("3B").GetRegister(new Session(new DateOnly(2026, 11, 6), SessionPart.AM)))!.Lines.Select(l => l.Upn));
        Assert.DoesNotContain(Upn(2), (await school.Class("3B").GetRegister(Today))!.Lines.Select(l => l.Upn));
    }

    [Fact]
    public async Task A_readmission_always_raises_the_new_pupil_return_and_a_pupil_the_school_does_not_know_is_refused()
    {
        TestClock.Instance.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = await new TestSchool(grains).CreateAsync();
        var now = TestClock.Instance.Now;
        Assert.True((await school.School.RecordAdmission(new AdmissionEntry(
            Upn(4), AdmissionEntryKind.Deletion, new DateOnly(2026, 11, 4), DeletionGround.EducatedOtherwiseThanAtSchool, "Parent's letter of 2 November", Officer, now))).Accepted);

        var early = await school.School.RecordAdmission(new AdmissionEntry(Upn(4), AdmissionEntryKind.Admission, new DateOnly(2026, 11, 4), null, null, Officer, now));
        var readmitted = await school.School.RecordAdmission(new AdmissionEntry(Upn(4), AdmissionEntryKind.Admission, new DateOnly(2026, 11, 9), null, "Home education ended", Officer, now));
        var unknown = await school.School.RecordAdmission(new AdmissionEntry(Upn(9), AdmissionEntryKind.Admission, new DateOnly(2026, 11, 9), null, null, Officer, now));

        Assert.Equal(RejectionReason.AdmissionRefused, early.Rejection!.Reason);
        Assert.True(readmitted.Accepted);
        var task = Assert.Single(await grains.GetGrain<IFollowUpGrain>(school.Id).List(new TaskQuery(Kind: FollowUpKind.NewPupilReturn)));
        Assert.Equal((Upn(4), $"NewPupilReturn-{Upn(4)}-2026-11-09"), (task.Upn, task.Id));
        Assert.Contains(Upn(4), (await school.Class("4G").GetRegister(Today))!.Lines.Select(l => l.Upn));
        Assert.Equal(RejectionReason.UnknownPupil, unknown.Rejection!.Reason);
        Assert.Empty(await grains.GetGrain<IAdmissionRegisterGrain>(school.Id).List(Upn(9)));
    }
}
