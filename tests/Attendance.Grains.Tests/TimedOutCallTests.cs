using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Testing;
using static Attendance.Grains.Tests.TestSchool;

namespace Attendance.Grains.Tests;

/// <summary>
/// A class's call to a pupil that times out after the pupil recorded the mark: the journal holds its answer after the
/// commit until the test releases it, past the silo's response timeout (5 s here, so the set-up's own calls have room).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class TimedOutCallTests() : OwnClusterTest(() => Clusters.StartAsync(responseTimeout: TimeSpan.FromSeconds(5)))
{
    public override async Task DisposeAsync()
    {
        CrashPoint.Disarm();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task An_amendment_that_timed_out_after_the_pupil_recorded_it_shows_in_the_class_register()
    {
        var school = await new TestSchool(Cluster.GrainFactory).CreateAsync();
        await school.Class("3B").SubmitRegister(Register(Today, "/", "/", "N"));
        Assert.Equal("N", (await school.Class("3B").GetRegister(Today))!.Lines.Single(l => l.Upn == Upn(3)).Mark!.Code);

        CrashPoint.HoldAfterCommit();
        await Assert.ThrowsAsync<TimeoutException>(() => school.Class("3B").Amend(new Amendment(Upn(3), Today, "M", "Dentist: letter brought in", Officer)));
        CrashPoint.Disarm();

        // Waits for the pupil's held turn to end (the class's reload would otherwise queue behind it): the pupil
        // recorded the amendment, and the class shows the pupil's mark, not the N it replaced.
        Assert.Equal("M", (await school.Pupil(Upn(3)).GetMark(Today))!.Code);
        var register = (await school.Class("3B").GetRegister(Today))!;
        Assert.Equal(["/", "/", "M"], register.Lines.OrderBy(l => l.Upn).Select(l => l.Mark?.Code));
        Assert.Equal((2, 0), (register.Counts.Present, register.Counts.ReasonNotYetEstablished));
    }

    [Fact]
    public async Task A_register_whose_pupils_answered_too_late_shows_the_marks_they_recorded_and_is_taken_when_sent_again()
    {
        var school = await new TestSchool(Cluster.GrainFactory).CreateAsync();
        Assert.All((await school.Class("3B").GetRegister(Today))!.Lines, l => Assert.Null(l.Mark)); // the class's view is loaded

        CrashPoint.HoldAfterCommit();
        var register = Register(Today, "/", "L", "N") with { RequestId = "tablet-7:3B:2026-11-10-AM" };
        await Assert.ThrowsAsync<TimeoutException>(() => school.Class("3B").SubmitRegister(register));
        CrashPoint.Disarm();

        Assert.Equal("N", (await school.Pupil(Upn(3)).GetMark(Today))!.Code);
        Assert.Equal(["/", "L", "N"], (await school.Class("3B").GetRegister(Today))!.Lines.OrderBy(l => l.Upn).Select(l => l.Mark?.Code));
        var resent = await school.Class("3B").SubmitRegister(register);
        Assert.True(resent.Accepted, resent.Rejection?.Detail);
        Assert.Equal((0, 3), (resent.Value!.Recorded.Count, resent.Value.Unchanged));
        Assert.Equal(RegisterState.Submitted, (await school.Class("3B").GetRegister(Today))!.State);
    }
}
