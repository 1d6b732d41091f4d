using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Testing;
using static Attendance.Grains.Tests.TestSchool;

namespace Attendance.Grains.Tests;

/// <summary>"Compare with usual" when the last register closes, with nothing else happening: the feed's reconciliation is an hour away here.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class CompareWithUsualAtCloseTests() : OwnClusterTest(() => Clusters.StartAsync(reconcileEvery: TimeSpan.FromHours(1)))
{
    [Fact]
    public async Task A_session_well_below_the_usual_is_compared_at_the_close_though_nothing_is_marked_after_it()
    {
        TestClock.Instance.Now = new DateTimeOffset(2026, 11, 10, 9, 29, 57, TimeSpan.Zero); // three seconds before the close
        var school = await new TestSchool(Cluster.GrainFactory).CreateAsync();
        foreach (var pupil in Enumerable.Range(1, 6))
        {
            await school.ImportHistory(pupil); // present at every session so far: the usual is 100%
        }

        await school.Class("3B").SubmitRegister(Register(Today, "/", "N", "N"));
        await school.Class("4G").SubmitRegister(new RegisterSubmission(Today, Teacher, [new(Upn(4), "/"), new(Upn(5), "I"), new(Upn(6), "/")]));
        var inbox = Cluster.GrainFactory.GetGrain<IAlertInboxGrain>(school.Id);
        Assert.Empty(await inbox.List(new AlertQuery(Kind: CrossingKind.SchoolBelowUsual))); // registers still open
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // the feed's last push (one per 500 ms here) is made before the close

        TestClock.Instance.Now = new DateTimeOffset(2026, 11, 10, 9, 30, 0, TimeSpan.Zero); // the close: nothing more is marked or pushed
        var alerts = await Eventually.Until(() => inbox.List(new AlertQuery(Kind: CrossingKind.SchoolBelowUsual)), a => a.Count > 0, TimeSpan.FromSeconds(15));

        Assert.Equal(($"school-{Today}-below-usual", "50.0%"), (Assert.Single(alerts).Id, alerts[0].To));
    }
}
