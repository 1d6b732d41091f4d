using Attendance.Domain;
using Attendance.Grains.Abstractions;
using static Attendance.Grains.Tests.TestSchool;
using Attendance.Testing;

namespace Attendance.Grains.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class SchoolFeedTests(MemoryClusterFixture fixture) : IClassFixture<MemoryClusterFixture>
{
    private readonly IGrainFactory grains = fixture.Cluster.GrainFactory;

    private static DateTimeOffset At(int hour, int minute) => new(2026, 11, 10, hour, minute, 0, TimeSpan.Zero);

    private async Task<(TestSchool School, ISchoolFeedGrain Feed, FeedRecorder Recorder)> Watch()
    {
        TestClock.Instance.Now = At(9, 10);
        var school = await new TestSchool(grains).CreateAsync();
        var feed = grains.GetGrain<ISchoolFeedGrain>(school.Id);
        var recorder = new FeedRecorder();
        await feed.Subscribe(fixture.Cluster.Client.CreateObjectReference<IDashboardObserver>(recorder));
        return (school, feed, recorder);
    }

    [Fact]
    public async Task The_snapshot_shows_every_class_for_the_current_session()
    {
        var (school, feed, _) = await Watch();
        await school.Pupil(Upn(1)).RecordArrival(new Arrival(Upn(1), At(8, 55)));

        var snapshot = await feed.GetSnapshot();

        Assert.Equal(Today, snapshot!.Session);
        Assert.True(snapshot.SessionIsToday);
        Assert.Equal(["3B", "4G"], snapshot.Classes.Select(c => c.ClassId));
        Assert.Equal((6, 1, 5), (snapshot.Totals.OnRoll, snapshot.Totals.Present, snapshot.Totals.Unmarked));
        Assert.Equal(new ArrivalMinute(new TimeOnly(8, 55), 1), Assert.Single(snapshot.Arrivals));
    }

    [Fact]
    public async Task A_view_that_drifted_from_its_classes_is_rebuilt_under_a_new_epoch()
    {
        var (school, feed, recorder) = await Watch();
        await school.Pupil(Upn(1)).RecordArrival(new Arrival(Upn(1), At(8, 55)));
        Assert.Equal(1, (await recorder.NextDelta()).Totals.Present); // the arrival, pushed at once
        var snapshot = (await feed.GetSnapshot())!;

        // What a feed holds after a class's one-way message was lost with a silo: counts the class no longer has.
        var stale = snapshot.Classes[0] with { Counts = snapshot.Classes[0].Counts with { Present = 0, Unmarked = 3 } };
        await feed.ClassChanged(stale, Today, []);

        var deltas = new List<DashboardDelta>();
        do
        {
            deltas.Add(await recorder.NextDelta());
        }
        while (deltas[^1].Epoch == snapshot.Epoch);

        Assert.Equal((snapshot.Epoch, 0), (deltas[0].Epoch, deltas[0].Totals.Present)); // the drifted view went out first
        Assert.Equal(1, snapshot.Totals.Present);
        Assert.Equal(snapshot.Totals, deltas[^1].Totals); // then the classes' own counts, under a new epoch
        Assert.Equal(["3B", "4G"], deltas[^1].Classes.Select(c => c.ClassId));
    }

    [Fact]
    public async Task Marks_reach_a_subscriber_as_ordered_deltas_with_what_changed()
    {
        var (school, feed, recorder) = await Watch();
        var snapshot = await feed.GetSnapshot();

        await school.Pupil(Upn(1)).RecordArrival(new Arrival(Upn(1), At(9, 12)));
        var first = await recorder.NextDelta();
        await school.Class("3B").SubmitRegister(new RegisterSubmission(Today, Teacher, [new(Upn(2), "N"), new(Upn(3), "/")]));
        var second = await recorder.NextDelta();
        await school.Class("3B").Amend(new Amendment(Upn(2), Today, "I", "Mother phoned", Officer));
        var third = await recorder.NextDelta();

        Assert.Equal([snapshot!.Sequence + 1, snapshot.Sequence + 2, snapshot.Sequence + 3], new[] { first, second, third }.Select(d => d.Sequence));
        Assert.All(new[] { first, second, third }, d => Assert.Equal(snapshot.Epoch, d.Epoch));

        Assert.Equal(1, Assert.Single(first.Classes).Counts.Late);
        Assert.Equal(new ArrivalMinute(new TimeOnly(9, 12), 1), Assert.Single(first.Arrivals));

        Assert.Equal(RegisterState.Submitted, Assert.Single(second.Classes).State);
        Assert.Equal(Upn(2), Assert.Single(second.CallListAdded).Upn);
        Assert.Equal((3, 2, 1), (second.Totals.Present + second.Totals.ReasonNotYetEstablished, second.Totals.Present, second.Totals.ReasonNotYetEstablished));

        Assert.Equal([Upn(2)], third.CallListRemoved);
        Assert.Equal(1, third.Totals.AuthorisedAbsence);

        var caughtUp = await feed.GetSince(snapshot.Epoch, snapshot.Sequence);
        Assert.Equal([first.Sequence, second.Sequence, third.Sequence], caughtUp.Deltas!.Select(d => d.Sequence));
        Assert.Equal(third.Totals, caughtUp.Deltas![^1].Totals);
        Assert.Empty((await feed.GetSince(snapshot.Epoch, third.Sequence)).Deltas!);
        Assert.Null((await feed.GetSince("another-epoch", 0)).Deltas);
        Assert.Null((await feed.GetSince(snapshot.Epoch, third.Sequence + 5)).Deltas);
    }

    [Fact]
    public async Task A_burst_of_marks_is_coalesced_and_the_last_delta_holds_the_final_state()
    {
        var (school, _, recorder) = await Watch();

        await Task.WhenAll(Enumerable.Range(1, 6).Select(n =>
            school.Pupil(Upn(n)).RecordArrival(new Arrival(Upn(n), At(8, 50 + n)))));
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var deltas = recorder.DrainDeltas();
        Assert.InRange(deltas.Count, 1, 4); // six marks: the first at once, the rest at most one delta per 500 ms tick
        Assert.Equal(deltas.Select(d => d.Sequence).Order(), deltas.Select(d => d.Sequence));
        Assert.Equal((6, 0), (deltas[^1].Totals.Present, deltas[^1].Totals.Unmarked));
        var minutes = deltas.SelectMany(d => d.Arrivals).GroupBy(a => a.Minute).Select(g => g.Last()).ToList();
        Assert.Equal(6, minutes.Count);
        Assert.All(minutes, m => Assert.Equal(1, m.Arrivals));
    }

    [Fact]
    public async Task The_first_mark_after_a_quiet_interval_is_pushed_at_once_not_at_the_next_tick()
    {
        var (school, _, recorder) = await Watch();
        await Task.Delay(TimeSpan.FromSeconds(1)); // quiet for two 500 ms intervals
        recorder.DrainDeltas();

        var sent = System.Diagnostics.Stopwatch.StartNew();
        await school.Pupil(Upn(1)).RecordArrival(new Arrival(Upn(1), At(8, 51)));
        var delta = await recorder.NextDelta(TimeSpan.FromMilliseconds(250)); // half the interval: only a leading push arrives in time

        Assert.Equal(1, delta.Totals.Present);
        Assert.InRange(sent.ElapsedMilliseconds, 0, 250);
    }

    [Fact]
    public async Task An_amendment_to_an_earlier_session_does_not_disturb_the_live_view()
    {
        var (school, feed, recorder) = await Watch();
        var monday = new Session(new DateOnly(2026, 11, 9), SessionPart.AM);
        await school.Class("3B").Mark(new SingleMark(Upn(1), monday, "N", Officer));
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Empty(recorder.DrainDeltas());
        Assert.Empty((await feed.GetSnapshot())!.CallList);
    }
}
