using System.Diagnostics;
using System.Net.Http.Json;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Attendance.Server.Http;

namespace Attendance.Benchmarks.Storm;

/// <summary>This service: gate arrivals and class registers through its HTTP API (through the balancer when several silos).</summary>
internal sealed class AttendanceTarget(ServerProcess server, IReadOnlyList<string> schoolIds) : IStormTarget
{
    private readonly Dictionary<string, int> indexOf = schoolIds.Select((id, i) => (id, i)).ToDictionary(s => s.id, s => s.i);

    public string Name => "Attendance.Orleans";

    public IReadOnlyList<HttpClient> Clients { get; } = [server.ClientFor(schoolIds)];

    public TimeSpan CpuTime => server.CpuTime;

    public long WorkingSetBytes => server.WorkingSetBytes;

    public Task<long> SiloToSiloMessages() => server.SiloToSiloMessages();

    public IReadOnlyList<int> ProcessIds => server.ProcessIds;

    public Task<ServiceCounts> ServiceCounts() => server.ServiceCounts();

    /// <summary>A register carries an Idempotency-Key (its class and session), so one sent again after a lost answer is applied once.</summary>
    public Task<HttpResponseMessage> Send(HttpClient http, string schoolId, Session session, StormEvent e) => e.IsArrival
        ? http.PostAsJsonAsync($"/api/schools/{schoolId}/arrivals", new { upn = e.Marks[0].Upn, arrivedAt = e.ArrivedAt })
        : http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/schools/{schoolId}/classes/{e.ClassId}/registers/{session}")
        {
            Headers = { { "Idempotency-Key", $"{schoolId}-{e.ClassId}-{session}" } },
            Content = JsonContent.Create(new { marks = e.Marks.Select(m => new { upn = m.Upn, code = m.Code }) }),
        });

    /// <summary>A senior leader's dashboard of every school, pushed over SignalR (through the balancer when several silos).</summary>
    public async Task<IAsyncDisposable> WatchAsync(DashboardClock clock)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.EntryPoint, "/hubs/attendance"), o =>
            {
                // As the page connects: WebSockets at once, so no negotiation needs to reach the same silo twice.
                (o.SkipNegotiation, o.Transports) = (true, Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets);
                o.AccessTokenProvider = () => Task.FromResult<string?>(server.TokenFor(schoolIds));
            })
            .AddJsonProtocol(json => ApiJson.Configure(json.PayloadSerializerOptions))
            .Build();
        connection.On<DashboardDelta>("delta", delta =>
            clock.Shows(indexOf[delta.SchoolId], delta.Totals.OnRoll - delta.Totals.Unmarked, Stopwatch.GetTimestamp()));
        await connection.StartAsync();
        foreach (var schoolId in schoolIds)
        {
            await connection.InvokeAsync<DashboardSnapshot>("Subscribe", schoolId, null);
        }

        return connection;
    }
}

/// <summary>Reference (a): the plain ASP.NET Core + Npgsql service (<see cref="PlainServer"/>) in its own process.</summary>
internal sealed class PlainTarget(Process process, Uri address) : ReferenceTarget(process, address, bearerToken: null)
{
    public override string Name => "plain ASP.NET+SQL (a)";

    public static Task<PlainTarget> StartAsync(string connectionString) =>
        StartAsync("plain", PlainServer.Command, [connectionString], new Dictionary<string, string>(), (process, address) => new PlainTarget(process, address));

    public override Task<HttpResponseMessage> Send(HttpClient http, string schoolId, Session session, StormEvent e) => e.IsArrival
        ? http.PostAsJsonAsync($"/schools/{schoolId}/arrivals", new PlainServer.ArrivalRequest(e.Marks[0].Upn, e.ArrivedAt!.Value, session.ToString()))
        : http.PostAsJsonAsync($"/schools/{schoolId}/registers", new PlainServer.RegisterRequest(session.ToString(), [.. e.Marks.Select(m => new PlainServer.Mark(m.Upn, m.Code))]));

    /// <summary>The dashboard such a design would have: each school's aggregate query, polled every second.</summary>
    public IAsyncDisposable Watch(IReadOnlyList<string> schoolIds, Session session, DashboardClock clock)
    {
        var stop = new CancellationTokenSource();
        var polling = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
            {
                await Task.WhenAll(schoolIds.Select(async (schoolId, index) =>
                {
                    var counts = await Clients[0].GetFromJsonAsync<PlainServer.Counts>($"/schools/{schoolId}/dashboard?session={session}", stop.Token);
                    clock.Shows(index, counts!.Marked, Stopwatch.GetTimestamp());
                }));
            }
        });
        return new Stopper(stop, polling);
    }

    private sealed class Stopper(CancellationTokenSource stop, Task polling) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await polling.ContinueWith(_ => { });
            stop.Dispose();
        }
    }
}
