using System.Collections.Concurrent;
using System.Threading.Channels;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Server.Live;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Attendance.Server.Http;

namespace Attendance.Server.Tests;

/// <summary>The real .NET SignalR client on a real socket, recording every delta and alert it is sent.</summary>
public sealed class DashboardClient : IAsyncDisposable
{
    private readonly HubConnection connection;
    private readonly Channel<DashboardDelta> deltas = Channel.CreateUnbounded<DashboardDelta>();
    private readonly Channel<AttendanceAlert> alerts = Channel.CreateUnbounded<AttendanceAlert>();
    private readonly Channel<FollowUpTask> tasks = Channel.CreateUnbounded<FollowUpTask>();
    private readonly Channel<RollCallPushed> rollCalls = Channel.CreateUnbounded<RollCallPushed>();
    private readonly ConcurrentDictionary<string, (string Epoch, long Sequence, SessionCounts Totals)> followed = new();

    /// <param name="webSocketsOnly">Connect as the dashboard page does: WebSockets straight away, no negotiate request.</param>
    public DashboardClient(Uri serverAddress, string? token, bool webSocketsOnly = false)
    {
        connection = new HubConnectionBuilder()
            .WithUrl(new Uri(serverAddress, AttendanceHub.Path), options =>
            {
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                if (webSocketsOnly)
                {
                    (options.SkipNegotiation, options.Transports) = (true, Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets);
                }
            })
            .AddJsonProtocol(json => ApiJson.Configure(json.PayloadSerializerOptions))
            .Build();
        connection.On<DashboardDelta>("delta", delta =>
        {
            deltas.Writer.TryWrite(delta);
            Apply(delta);
        });

        // Never awaited in a handler: the client reads the answer to an invocation on the same loop.
        connection.On<string>("resync", schoolId => _ = Task.Run(() => Follow(schoolId)));
        connection.On<AttendanceAlert>("alert", alert => alerts.Writer.TryWrite(alert));
        connection.On<FollowUpTask>("task", task => tasks.Writer.TryWrite(task));
        connection.On<RollCallPushed>("rollCall", news => rollCalls.Writer.TryWrite(news));
        connection.On<RollCallPushed>("rollCallLine", line => rollCalls.Writer.TryWrite(line));
    }

    /// <summary>As any member of a school's staff: the roll call under way (the pupils this user sees), then each change.</summary>
    public Task<RollCall?> SubscribeRollCall(string schoolId) =>
        connection.InvokeAsync<RollCall?>(nameof(AttendanceHub.SubscribeRollCall), schoolId);

    /// <summary>The next roll call message: begun or ended (no line), or a pupil accounted for.</summary>
    public async Task<RollCallPushed> NextRollCall() => await rollCalls.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));

    /// <summary>A connection with no token, which the hub refuses.</summary>
    public static async Task ConnectWithoutSignInAsync(AttendanceServer server)
    {
        await using var client = new DashboardClient(server.Address, token: null);
        await client.connection.StartAsync();
    }

    /// <summary>A client of a server running as its own process (a silo of a local cluster).</summary>
    public static async Task<DashboardClient> ConnectAsync(Uri address, string token, bool webSocketsOnly = false)
    {
        var client = new DashboardClient(address, token, webSocketsOnly);
        await client.connection.StartAsync();
        return client;
    }

    /// <param name="user">Who is signed in: a trust leader (who may watch every school) unless given.</param>
    public static async Task<DashboardClient> ConnectAsync(AttendanceServer server, StaffUser? user = null)
    {
        var client = new DashboardClient(server.Address, server.TokenFor(user ?? TestUsers.Trust));
        await client.connection.StartAsync();
        return client;
    }

    public Task<DashboardSnapshot> Subscribe(string schoolId, string? classId = null) =>
        connection.InvokeAsync<DashboardSnapshot>(nameof(AttendanceHub.Subscribe), schoolId, classId);

    /// <summary>
    /// Keeps a school's totals as the dashboard page does: a snapshot, then each delta of the same epoch in order, and
    /// a fresh snapshot when the feed restarted (a delta of another epoch, or "resync").
    /// </summary>
    public async Task Follow(string schoolId)
    {
        var snapshot = await Subscribe(schoolId);
        followed.AddOrUpdate(
            schoolId,
            (snapshot.Epoch, snapshot.Sequence, snapshot.Totals),
            (_, known) => known.Epoch == snapshot.Epoch && known.Sequence > snapshot.Sequence ? known : (snapshot.Epoch, snapshot.Sequence, snapshot.Totals));
    }

    /// <summary>The epoch of the feed a followed school's dashboard shows now.</summary>
    public string? Epoch(string schoolId) => followed.TryGetValue(schoolId, out var known) ? known.Epoch : null;

    /// <summary>The totals a followed school's dashboard shows now.</summary>
    public SessionCounts? Totals(string schoolId) => followed.TryGetValue(schoolId, out var known) ? known.Totals : null;

    private void Apply(DashboardDelta delta)
    {
        if (!followed.TryGetValue(delta.SchoolId, out var known))
        {
            return;
        }

        if (known.Epoch != delta.Epoch)
        {
            _ = Task.Run(() => Follow(delta.SchoolId));
        }
        else
        {
            followed.AddOrUpdate(
                delta.SchoolId,
                (delta.Epoch, delta.Sequence, delta.Totals),
                (_, latest) => latest.Epoch == delta.Epoch && delta.Sequence > latest.Sequence ? (delta.Epoch, delta.Sequence, delta.Totals) : latest);
        }
    }

    public Task<DashboardCatchUp> Resume(string schoolId, string epoch, long afterSequence) =>
        connection.InvokeAsync<DashboardCatchUp>(nameof(AttendanceHub.Resume), schoolId, epoch, afterSequence, null);

    /// <summary>As a school's attendance lead: the open alerts, then each new or changed one.</summary>
    public Task<IReadOnlyList<AttendanceAlert>> SubscribeAlerts(string schoolId) =>
        connection.InvokeAsync<IReadOnlyList<AttendanceAlert>>(nameof(AttendanceHub.SubscribeAlerts), schoolId);

    public Task<IReadOnlyList<AttendanceAlert>> SubscribeTrustAlerts() =>
        connection.InvokeAsync<IReadOnlyList<AttendanceAlert>>(nameof(AttendanceHub.SubscribeTrustAlerts));

    public Task<IReadOnlyList<FollowUpTask>> SubscribeTasks(string ownerId) =>
        connection.InvokeAsync<IReadOnlyList<FollowUpTask>>("SubscribeTasks", ownerId);

    public async Task<FollowUpTask> NextTask() => await tasks.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));

    public async Task<AttendanceAlert> NextAlert() => await alerts.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));

    /// <summary>Alerts received so far and not yet read.</summary>
    public List<AttendanceAlert> AlertsReceived() => Drain(alerts);

    /// <summary>Deltas received so far and not yet read.</summary>
    public List<DashboardDelta> DeltasReceived() => Drain(deltas);

    public async Task<DashboardDelta> NextDelta() => await deltas.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));

    /// <summary>Deltas until one satisfies <paramref name="done"/> (a dashboard may see a change split over deltas).</summary>
    public async Task<List<DashboardDelta>> DeltasUntil(Func<DashboardDelta, bool> done)
    {
        var seen = new List<DashboardDelta>();
        do
        {
            seen.Add(await NextDelta());
        }
        while (!done(seen[^1]));

        return seen;
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    private static List<T> Drain<T>(Channel<T> channel)
    {
        var received = new List<T>();
        while (channel.Reader.TryRead(out var item))
        {
            received.Add(item);
        }

        return received;
    }
}

/// <summary>A roll call message as the hub sends it ("rollCall" has no line, "rollCallLine" no end).</summary>
public sealed record RollCallPushed(string SchoolId, string RollCallId, bool Ended, RollCallLine? Line);
