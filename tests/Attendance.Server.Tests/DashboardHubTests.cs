using Attendance.Testing;
using Microsoft.Extensions.DependencyInjection;
using Attendance.Grains.Abstractions;

namespace Attendance.Server.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class DashboardHubTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private async Task<SchoolApi> NewSchool()
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        return await new SchoolApi(fixture.Server.CreateClient()).CreateAsync();
    }

    [Fact]
    public async Task A_mark_posted_over_HTTP_reaches_a_subscribed_dashboard_as_the_next_delta()
    {
        var school = await NewSchool();
        await using var dashboard = await DashboardClient.ConnectAsync(fixture.Server);
        var snapshot = await dashboard.Subscribe(school.Id);
        Assert.Equal((4, 4), (snapshot.Totals.OnRoll, snapshot.Totals.Unmarked));

        await SchoolApi.EnsureSuccess(await school.Post("/arrivals", new { upn = "T000000000004", arrivedAt = "2026-11-10T09:12:00Z" }));

        var delta = await dashboard.NextDelta();
        Assert.Equal(snapshot.Epoch, delta.Epoch);
        Assert.Equal(snapshot.Sequence + 1, delta.Sequence);
        var glade = Assert.Single(delta.Classes);
        Assert.Equal(("4G", 1, 1), (glade.ClassId, glade.Counts.Late, glade.Counts.Present));
        Assert.Equal(new ArrivalMinute(new TimeOnly(9, 12), 1), Assert.Single(delta.Arrivals));
        Assert.Equal((1, 3), (delta.Totals.Late, delta.Totals.Unmarked));
    }

    [Fact]
    public async Task The_call_list_fills_when_a_register_marks_N_and_empties_when_the_reason_arrives()
    {
        var school = await NewSchool();
        await using var dashboard = await DashboardClient.ConnectAsync(fixture.Server);
        await dashboard.Subscribe(school.Id);

        await SchoolApi.EnsureSuccess(await school.SubmitRegister("2026-11-10-AM", "/", "N", "/"));
        var added = (await dashboard.DeltasUntil(d => d.CallListAdded.Count > 0))[^1];
        await SchoolApi.EnsureSuccess(await school.Post("/pupils/T000000000002/amendments", new
        {
            session = "2026-11-10-AM", code = "I", reason = "Father phoned",
        }));
        var removed = (await dashboard.DeltasUntil(d => d.CallListRemoved.Count > 0))[^1];

        Assert.Equal(("T000000000002", "Oliver Jones", "3B"), (added.CallListAdded[0].Upn, added.CallListAdded[0].Name, added.CallListAdded[0].ClassId));
        Assert.Equal(["T000000000002"], removed.CallListRemoved);
        Assert.Equal(RegisterState.Submitted, removed.Classes.Single().State);
    }

    [Fact]
    public async Task A_dashboard_that_reconnects_resumes_without_a_gap_or_a_duplicate()
    {
        var school = await NewSchool();
        var first = await DashboardClient.ConnectAsync(fixture.Server);
        var snapshot = await first.Subscribe(school.Id);
        await SchoolApi.EnsureSuccess(await school.Post("/arrivals", new { upn = "T000000000001", arrivedAt = "2026-11-10T08:50:00Z" }));
        var lastApplied = await first.NextDelta();
        await first.DisposeAsync(); // the connection drops

        foreach (var (upn, minute) in new[] { ("T000000000002", 51), ("T000000000003", 52) })
        {
            await SchoolApi.EnsureSuccess(await school.Post("/arrivals", new { upn, arrivedAt = $"2026-11-10T08:{minute}:00Z" }));
            await Task.Delay(400); // longer than the 250 ms update interval: separate deltas
        }

        await using var second = await DashboardClient.ConnectAsync(fixture.Server);
        var missed = (await second.Resume(school.Id, snapshot.Epoch, lastApplied.Sequence)).Deltas;
        await SchoolApi.EnsureSuccess(await school.Post("/arrivals", new { upn = "T000000000004", arrivedAt = "2026-11-10T08:53:00Z" }));
        var live = await second.NextDelta();

        Assert.NotNull(missed);
        var sequences = missed!.Append(live).Select(d => d.Sequence).ToList();
        Assert.Equal(Enumerable.Range((int)lastApplied.Sequence + 1, sequences.Count).Select(s => (long)s), sequences);
        Assert.Equal(2, missed.Count);
        Assert.Equal((4, 0), (live.Totals.Present, live.Totals.Unmarked));
    }

    [Fact]
    public async Task A_dashboard_too_far_behind_or_on_an_old_epoch_is_told_to_take_a_snapshot()
    {
        var school = await NewSchool();
        await using var dashboard = await DashboardClient.ConnectAsync(fixture.Server);
        var snapshot = await dashboard.Subscribe(school.Id);

        Assert.Null((await dashboard.Resume(school.Id, "not-the-epoch", snapshot.Sequence)).Deltas);
        Assert.Null((await dashboard.Resume(school.Id, snapshot.Epoch, snapshot.Sequence + 10)).Deltas);
        Assert.Empty((await dashboard.Resume(school.Id, snapshot.Epoch, snapshot.Sequence)).Deltas!);
    }

    [Fact]
    public async Task A_class_subscription_sees_only_its_class()
    {
        var school = await NewSchool();
        await using var dashboard = await DashboardClient.ConnectAsync(fixture.Server);
        var snapshot = await dashboard.Subscribe(school.Id, "4G");
        Assert.Equal(["4G"], snapshot.Classes.Select(c => c.ClassId));
        Assert.Equal(1, snapshot.Totals.OnRoll);

        await SchoolApi.EnsureSuccess(await school.Post("/arrivals", new { upn = "T000000000001", arrivedAt = "2026-11-10T08:50:00Z" }));
        var other = await dashboard.NextDelta();
        await SchoolApi.EnsureSuccess(await school.Post("/arrivals", new { upn = "T000000000004", arrivedAt = "2026-11-10T08:51:00Z" }));
        var mine = await dashboard.NextDelta();

        Assert.Empty(other.Classes); // the sequence still advances, so gaps stay detectable
        Assert.Equal("4G", Assert.Single(mine.Classes).ClassId);
        Assert.Equal(other.Sequence + 1, mine.Sequence);
    }

    [Fact]
    public async Task The_silo_leaves_a_schools_feed_when_its_last_dashboard_disconnects_and_joins_again_for_the_next()
    {
        var school = await NewSchool();
        var relay = fixture.Server.Services.GetRequiredService<Live.DashboardRelay>();
        var first = await DashboardClient.ConnectAsync(fixture.Server);
        var second = await DashboardClient.ConnectAsync(fixture.Server);
        await first.Subscribe(school.Id);
        await second.Subscribe(school.Id);
        await second.SubscribeAlerts(school.Id);
        Assert.True(relay.IsWatching(school.Id));

        await first.DisposeAsync();
        await Task.Delay(500);
        Assert.True(relay.IsWatching(school.Id)); // the second is still watching

        await second.DisposeAsync();
        Assert.False(await Eventually.Until(() => Task.FromResult(relay.IsWatching(school.Id)), watching => !watching));

        // A dashboard that comes back gets the feed again, live.
        await using var third = await DashboardClient.ConnectAsync(fixture.Server);
        await third.Subscribe(school.Id);
        Assert.True(relay.IsWatching(school.Id));
        await SchoolApi.EnsureSuccess(await school.SubmitRegister("2026-11-10-AM", "/", "/", "/"));
        Assert.Equal(3, (await third.NextDelta()).Totals.Present);
    }
}
