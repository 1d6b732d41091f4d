using System.Collections.Concurrent;
using System.Threading.Channels;
using Attendance.Domain;
using Attendance.Server.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Attendance.Benchmarks.Storm;

/// <summary>
/// The dashboards' hub of references (b) and (c), <c>/hubs/plain</c>: a member of staff subscribes to a school their
/// role lets them see (the service's own access rule) and from then on gets a <c>counts</c> message, the school's id
/// and its counts, after each commit that marked pupils there.
/// </summary>
[Authorize]
public sealed class SameWorkHub : Hub
{
    public const string Path = "/hubs/plain";

    public Task Subscribe(string schoolId) =>
        AccessRules.Allows(StaffUser.From(Context.User!), Capability.ViewSchool, schoolId)
            ? Groups.AddToGroupAsync(Context.ConnectionId, schoolId)
            : throw new HubException($"Forbidden: your role does not give you '{schoolId}'.");
}

/// <summary>
/// Tells the dashboards through PostgreSQL: every mark's transaction notifies <see cref="Channel"/> with its session
/// and school, and this one connection listens. The counts pushed are read again with reference (a)'s aggregate query
/// (<see cref="PlainServer.CountsAsync"/>), not kept from the notifications, so a dashboard shows what the register
/// holds. A school notified again while its counts are being read is read once more afterwards, not once per mark.
/// </summary>
internal sealed class SameWorkDashboard(NpgsqlDataSource db, IHubContext<SameWorkHub> hub) : BackgroundService
{
    public const string Channel = "marks";

    private readonly ConcurrentDictionary<string, bool> notified = new();
    private readonly Channel<bool> wake = System.Threading.Channels.Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>What a mark's transaction tells the listener: the session, then the school.</summary>
    public static string Payload(string schoolId, Session session) => $"{session} {schoolId}";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(Listen(stoppingToken), Push(stoppingToken));

    private async Task Listen(CancellationToken stoppingToken)
    {
        await using var connection = await db.OpenConnectionAsync(stoppingToken);
        connection.Notification += (_, e) =>
        {
            notified[e.Payload] = true;
            wake.Writer.TryWrite(true);
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        while (true)
        {
            await connection.WaitAsync(stoppingToken);
        }
    }

    private async Task Push(CancellationToken stoppingToken)
    {
        while (await wake.Reader.WaitToReadAsync(stoppingToken))
        {
            wake.Reader.TryRead(out _);
            foreach (var payload in notified.Keys)
            {
                notified.TryRemove(payload, out _);
                if (payload.Split(' ', 2) is [var session, var schoolId] && Session.TryParse(session, out var parsed))
                {
                    var counts = await PlainServer.CountsAsync(db, schoolId, parsed.Date, parsed.Part.ToString());
                    await hub.Clients.Group(schoolId).SendAsync("counts", schoolId, counts, stoppingToken);
                }
            }
        }
    }
}
