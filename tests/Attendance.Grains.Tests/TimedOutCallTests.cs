using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Testing;
using Orleans.TestingHost;
using static Attendance.Grains.Tests.TestSchool;

namespace Attendance.Grains.Tests;

/// <summary>A class's call to a pupil that times out after the pupil recorded the mark: a silo slow to answer, a second's response timeout.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class TimedOutCallTests : IAsyncLifetime
{
    private TestCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await Clusters.StartAsync(responseTimeout: TimeSpan.FromSeconds(1));

    public async Task DisposeAsync()
    {
        CrashPoint.Disarm();
        await cluster.DisposeAsync();
    }

    [Fact]
    public async Task An_amendment_that_timed_out_after_the_pupil_recorded_it_shows_in_the_class_register()
    {
        var school = await new TestSchool(cluster.GrainFactory).CreateAsync();
        await school.Class("3B").SubmitRegister(Register(Today, "/", "/", "N"));
        Assert.Equal("N", (await school.Class("3B").GetRegister(Today))!.Lines.Single(l => l.Upn == Upn(3)).Mark!.Code);

        CrashPoint.SlowAfterCommit(TimeSpan.FromSeconds(3));
        await Assert.ThrowsAsync<TimeoutException>(() => school.Class("3B").Amend(new Amendment(Upn(3), Today, "M", "Dentist: letter brought in", Officer)));
        CrashPoint.Disarm();

        // The pupil recorded it (its answer came too late); the class shows the pupil's mark, not the N it replaced.
        Assert.Equal("M", (await school.Pupil(Upn(3)).GetMark(Today))!.Code);
        var register = (await school.Class("3B").GetRegister(Today))!;
        Assert.Equal(["/", "/", "M"], register.Lines.OrderBy(l => l.Upn).Select(l => l.Mark?.Code));
        Assert.Equal((2, 0), (register.Counts.Present, register.Counts.ReasonNotYetEstablished));
    }
}
