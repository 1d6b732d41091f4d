using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Configuration;
using Orleans.Core.Internal;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
using Xunit.Abstractions;
using Attendance.Grains.Hosting;
using Attendance.Server.Http;

namespace Attendance.Server.Tests;

/// <summary>
/// Three silo processes on loopback sharing PostgreSQL (started by <c>deploy/local-cluster.sh</c>); a client marks a
/// stream of sessions for many pupils through all three; one silo is killed with SIGKILL mid-stream.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Faults)]
public class ClusterFaultTests(ITestOutputHelper output)
{
    private const int Schools = 3;
    private const int PupilsPerSchool = 120;
    private const int Workers = 12;
    private static readonly string SigningKey = Convert.ToBase64String(new byte[32]);
    private static readonly System.Text.Json.JsonSerializerOptions Json = JsonOptions();

    private static readonly IReadOnlyList<string> SchoolIds = [.. Enumerable.Range(0, Schools).Select(i => $"fault-{i}")];

    [Fact]
    public async Task Killing_a_silo_mid_stream_loses_no_acknowledged_mark_and_the_survivors_take_over()
    {
        var database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        await using var cluster = await StartCluster(database);
        var (schools, token) = await CreateSchools(cluster);
        await using var orleans = await OrleansClient(database, cluster.ClusterId);
        var marks = Marks(schools);
        var stream = new MarkStream([.. cluster.Silos.Select(s => s.Address)], token, marks);
        var running = stream.RunAsync(Workers);
        await Eventually.Until(() => Task.FromResult(stream.Acknowledged.Count), n => n >= marks.Count / 3, TimeSpan.FromSeconds(60));

        // The silo to kill is the one Orleans placed most pupils' grains on; the first school's live feed is moved there
        // (as Orleans' test cluster migrates a grain), so that school's dashboards lose their feed too.
        var placed = await Activations(orleans);
        var victim = cluster.Silos.MaxBy(s => GrainsOn(s, placed, "PupilGrain").Count)!;
        var onVictim = GrainsOn(victim, placed, "PupilGrain");
        var watchedSchool = SchoolIds[0];
        await MoveFeed(orleans, watchedSchool, placed.First(s => s.SiloAddress.Endpoint.Port == victim.SiloPort).SiloAddress);
        Assert.Contains(watchedSchool, GrainsOn(victim, await Eventually.Until(
            () => Activations(orleans), a => GrainsOn(victim, a, "SchoolFeedGrain").Contains(watchedSchool), TimeSpan.FromSeconds(15)), "SchoolFeedGrain"));
        var (survivor, otherSurvivor) = (cluster.Silos.First(s => s != victim), cluster.Silos.Last(s => s != victim));

        await using var dashboard = await DashboardClient.ConnectAsync(survivor.Address, token);
        foreach (var id in SchoolIds)
        {
            await dashboard.Follow(id);
        }

        var epochBefore = dashboard.Epoch(watchedSchool);
        var killedAt = Stopwatch.GetTimestamp();
        victim.Kill();
        stream.Killed(killedAt);
        await running.WaitAsync(TimeSpan.FromSeconds(120));

        output.WriteLine($"{marks.Count} marks, {stream.Acknowledged.Count} acknowledged, {stream.FailedAttempts} failed attempts (all after the kill); " +
                         $"{onVictim.Count} pupil grains were on the killed silo");
        output.WriteLine($"kill -> marks succeed again: {stream.Recovery.TotalMilliseconds:F0} ms (last failed attempt {stream.LastFailureAfterKill.TotalMilliseconds:F0} ms after the kill)");
        Assert.False(victim.IsRunning);
        Assert.Equal(marks.Count, stream.Acknowledged.Count);
        Assert.True(stream.FailedAttempts > 0, "the kill should have failed some attempts, or it was not mid-stream");
        Assert.True(stream.LastFailureAfterKill > TimeSpan.Zero, "every failed attempt came after the kill");
        Assert.NotEmpty(onVictim);

        // Every acknowledged mark exactly once: in the legal register table, and as the API reads it.
        await AssertEachOnceInTheRegister(database, marks);
        using var reader = Client(otherSurvivor.Address, token);
        foreach (var mark in marks.Where((_, i) => i % 5 == 0))
        {
            var entries = await reader.GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>($"/api/schools/{mark.SchoolId}/pupils/{mark.Upn}/sessions/{mark.Session}");
            Assert.Equal(mark.Code, (string?)Assert.Single(entries!)!["code"]);
        }

        // The killed silo is out of the cluster, and the grains it held live again on the survivors.
        Assert.Equal(1, await SilosWithStatus(database, 6));
        var activations = await Activations(orleans);
        Assert.Subset(GrainsOn(survivor, activations, "PupilGrain").Concat(GrainsOn(otherSurvivor, activations, "PupilGrain")).ToHashSet(), onVictim.ToHashSet());
        Assert.Contains(watchedSchool, GrainsOn(survivor, activations, "SchoolFeedGrain").Concat(GrainsOn(otherSurvivor, activations, "SchoolFeedGrain")));

        // The dashboard on a surviving silo converges to the final figures.
        await AssertDashboardShowsEveryMark(dashboard, reader, schools, within: TimeSpan.FromSeconds(45));

        Assert.NotEqual(epochBefore, dashboard.Epoch(watchedSchool)); // it saw the feed restart, and started afresh
    }

    private static System.Text.Json.JsonSerializerOptions JsonOptions()
    {
        var json = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
        ApiJson.Configure(json);
        return json;
    }

    [Fact]
    public async Task A_silo_stopped_gracefully_mid_stream_leaves_the_cluster_and_hands_its_pupils_over()
    {
        var database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        await using var cluster = await StartCluster(database);
        var (schools, token) = await CreateSchools(cluster);
        var marks = Marks(schools);
        var stream = new MarkStream([.. cluster.Silos.Select(s => s.Address)], token, marks);
        var running = stream.RunAsync(Workers);

        await Eventually.Until(() => Task.FromResult(stream.Acknowledged.Count), n => n >= marks.Count / 3, TimeSpan.FromSeconds(60));
        var stopping = cluster.Silos[2];
        var stopped = Stopwatch.StartNew();
        stream.Killed(Stopwatch.GetTimestamp());
        await stopping.Terminate();
        output.WriteLine($"SIGTERM -> process exited: {stopped.ElapsedMilliseconds} ms; {stream.FailedAttempts} failed attempts after it ({stream.ServerErrors} answered 5xx)");
        await running.WaitAsync(TimeSpan.FromSeconds(120));

        // It left the membership table itself (no other silo had to vote it dead), and nothing was lost or doubled.
        Assert.Equal((1L, 2L), (await SilosWithStatus(database, 6), await SilosWithStatus(database, 3)));
        Assert.Equal(marks.Count, stream.Acknowledged.Count);
        await AssertEachOnceInTheRegister(database, marks);
    }

    [Fact]
    public async Task Behind_the_compose_load_balancer_any_silo_answers_and_dashboards_connect_over_WebSockets()
    {
        var database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        await using var cluster = await StartCluster(database);
        var (schools, token) = await CreateSchools(cluster);
        await using var balancer = await LoadBalancer.StartAsync(cluster);

        // As the page connects: WebSockets straight away, so the connection may land on any silo (no sticky sessions).
        await using var dashboard = await DashboardClient.ConnectAsync(balancer.Address, token, webSocketsOnly: true);
        foreach (var id in SchoolIds)
        {
            await dashboard.Follow(id);
        }

        var marks = Marks(schools);
        var stream = new MarkStream([balancer.Address], token, marks);
        await stream.RunAsync(Workers).WaitAsync(TimeSpan.FromSeconds(120));
        Assert.Equal((marks.Count, 0), (stream.Acknowledged.Count, stream.FailedAttempts));

        using var reader = Client(balancer.Address, token);
        await AssertEachOnceInTheRegister(database, marks);
        await AssertDashboardShowsEveryMark(dashboard, reader, schools, within: TimeSpan.FromSeconds(15));
    }

    /// <summary>Every mark is in the legal register table exactly once, and nothing else is.</summary>
    private static async Task AssertEachOnceInTheRegister(string database, List<Mark> marks)
    {
        var lines = await RegisterLines(database);
        Assert.Equal(marks.Count, lines.Count);
        Assert.All(marks, m => Assert.Equal(1, lines.GetValueOrDefault((m.SchoolId, m.Upn, m.Session.ToString(), m.Code))));
    }

    /// <summary>Every pupil is marked as the API reads it, and the dashboard comes to show each school's final figures.</summary>
    private static async Task AssertDashboardShowsEveryMark(DashboardClient dashboard, HttpClient reader, List<GeneratedSchool> schools, TimeSpan within)
    {
        foreach (var school in schools)
        {
            var status = await reader.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/schools/{school.Id}/status");
            var final = status!["totals"]!.Deserialize<SessionCounts>(Json)!;
            Assert.Equal((PupilsPerSchool, 0), (final.OnRoll, final.Unmarked));
            Assert.Equal(final, await Eventually.Until(() => Task.FromResult(dashboard.Totals(school.Id)), t => t == final, within));
        }
    }

    /// <summary>Three silos sharing the database; failure detection tightened from Orleans' defaults (5 s probes, 3 missed) to keep the test short.</summary>
    private static async Task<LocalCluster> StartCluster(string database)
    {
        var cluster = await LocalCluster.StartAsync(database, 3, new Dictionary<string, string>
        {
            ["Authentication__Development__SigningKey"] = SigningKey,
            ["Attendance__SeedDemoSchool"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Orleans__Membership__ProbeTimeout"] = "00:00:01",
            ["Orleans__Membership__NumMissedProbesLimit"] = "2",
            ["Dashboard__ReconcileEvery"] = "00:00:03",
        });
        Assert.Equal(3, await SilosWithStatus(database, 3));
        return cluster;
    }

    private static async Task<(List<GeneratedSchool> Schools, string Token)> CreateSchools(LocalCluster cluster)
    {
        var token = Token(SchoolIds);
        var schools = new List<GeneratedSchool>();
        using var setup = Client(cluster.Silos[0].Address, token);
        foreach (var (id, index) in SchoolIds.Select((id, i) => (id, i)))
        {
            schools.Add(await GeneratedSchool.CreateAsync(setup, id, index, PupilsPerSchool));
        }

        return (schools, token);
    }

    /// <summary>Session-major: every pupil's grain is active on some silo after the first third of the stream.</summary>
    private static List<Mark> Marks(List<GeneratedSchool> schools) =>
        [.. Sessions(schools[0].Session).SelectMany(session => schools.SelectMany(school => school.Upns.Select(upn => new Mark(school.Id, upn, session, CodeFor(upn, session)))))];

    /// <summary>Today's (or the latest) session, shown on the dashboard, and the two weekdays before it.</summary>
    private static IEnumerable<Session> Sessions(Session latest)
    {
        var earlier = Enumerable.Range(1, 10).Select(d => latest.Date.AddDays(-d))
            .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).Take(2);
        return [.. earlier.Reverse().Select(d => new Session(d, SessionPart.AM)), latest];
    }

    /// <summary>Mostly present, some late, illness and unauthorised absence, spread over pupils and sessions.</summary>
    private static string CodeFor(string upn, Session session) => ((long.Parse(upn[1..]) + session.Date.DayNumber) % 10) switch
    {
        0 => "L",
        1 => "I",
        2 => "N",
        _ => session.Part == SessionPart.AM ? "/" : "\\", // present: / in the morning, \ in the afternoon
    };

    private static string Token(IEnumerable<string> schoolIds) =>
        new DevelopmentSignIn(Microsoft.Extensions.Options.Options.Create(new SignInOptions { Development = { SigningKey = SigningKey } }), TimeProvider.System)
            .Issue(StaffUser.Of("Fault test", "Attendance officer", [StaffRole.AttendanceOfficer, StaffRole.AttendanceLead, StaffRole.SeniorLeader], schools: [.. schoolIds]));

    private static HttpClient Client(Uri address, string token)
    {
        var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return http;
    }

    private static async Task<long> SilosWithStatus(string database, int status)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM orleansmembershiptable WHERE status = {status}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<Dictionary<(string, string, string, string), int>> RegisterLines(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT school_id, upn, to_char(session_date, 'YYYY-MM-DD') || '-' || session_part, code, count(*)::int FROM attendance_register GROUP BY 1, 2, 3, 4",
            connection);
        await using var rows = await command.ExecuteReaderAsync();
        var lines = new Dictionary<(string, string, string, string), int>();
        while (await rows.ReadAsync())
        {
            lines[(rows.GetString(0), rows.GetString(1), rows.GetString(2), rows.GetString(3))] = rows.GetInt32(4);
        }

        return lines;
    }

    /// <summary>An Orleans client of the cluster, to ask where grains are active (the management grain).</summary>
    private static async Task<OrleansClientHost> OrleansClient(string database, string clusterId)
    {
        var host = Host.CreateApplicationBuilder();
        host.Services.AddAttendanceSerialization();
        host.UseOrleansClient(client => client
            .UseAdoNetClustering(ado => (ado.Invariant, ado.ConnectionString) = ("Npgsql", database))
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, "attendance")));
        var app = host.Build();
        await app.StartAsync();
        return new OrleansClientHost(app);
    }

    private static async Task MoveFeed(OrleansClientHost orleans, string schoolId, SiloAddress silo)
    {
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        try
        {
            await orleans.Grains.GetGrain<ISchoolFeedGrain>(schoolId).Cast<IGrainManagementExtension>().MigrateOnIdle();
        }
        finally
        {
            RequestContext.Clear();
        }
    }

    private static async Task<DetailedGrainStatistic[]> Activations(OrleansClientHost orleans) =>
        await orleans.Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();

    /// <summary>The keys of the grains of a type (by class name) active on a silo.</summary>
    private static List<string> GrainsOn(SiloProcess silo, IEnumerable<DetailedGrainStatistic> activations, string grainClass) =>
        [.. activations
            .Where(s => s.SiloAddress.Endpoint.Port == silo.SiloPort && s.GrainType.Contains(grainClass, StringComparison.Ordinal))
            .Select(s => s.GrainId.Key.ToString()!)];

    private sealed class OrleansClientHost(IHost host) : IAsyncDisposable
    {
        public IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
        }
    }
}

internal sealed record Mark(string SchoolId, string Upn, Session Session, string Code);

/// <summary>
/// Workers posting marks through every silo in turn, as a load balancer would. A mark whose attempt fails (connection
/// refused, timeout, 5xx) is retried through the next silo until acknowledged; resending a mark is safe (same code:
/// "unchanged"). Counts the failed attempts, and after a kill, when the last mark hit by it got through.
/// </summary>
internal sealed class MarkStream(IReadOnlyList<Uri> silos, string token, IReadOnlyList<Mark> marks)
{
    private readonly ConcurrentQueue<Mark> queue = new(marks);
    private long killedAt;
    private long lastFailure;
    private long lastRecovered;
    private int failedAttempts;
    private int serverErrors;

    public ConcurrentBag<Mark> Acknowledged { get; } = [];

    public int FailedAttempts => failedAttempts;

    /// <summary>Failed attempts that reached a silo and were answered 5xx (the rest could not reach one).</summary>
    public int ServerErrors => serverErrors;

    public TimeSpan LastFailureAfterKill => Since(lastFailure);

    /// <summary>From the kill until every mark that failed because of it had been acknowledged.</summary>
    public TimeSpan Recovery => Since(lastRecovered);

    public void Killed(long timestamp) => Interlocked.Exchange(ref killedAt, timestamp);

    public Task RunAsync(int workers) => Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => Work(w))));

    private async Task Work(int worker)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var next = worker;
        while (queue.TryDequeue(out var mark))
        {
            var failed = false;
            while (true)
            {
                var silo = silos[next++ % silos.Count];
                if (await TryPost(http, silo, mark))
                {
                    Acknowledged.Add(mark);
                    if (failed)
                    {
                        Latest(ref lastRecovered, Stopwatch.GetTimestamp());
                    }

                    break;
                }

                failed = true;
                Interlocked.Increment(ref failedAttempts);
                Latest(ref lastFailure, Stopwatch.GetTimestamp());

                await Task.Delay(100);
            }
        }
    }

    private async Task<bool> TryPost(HttpClient http, Uri silo, Mark mark)
    {
        try
        {
            using var response = await http.PostAsJsonAsync(
                new Uri(silo, $"/api/schools/{mark.SchoolId}/pupils/{mark.Upn}/marks"), new { session = mark.Session.ToString(), code = mark.Code });
            if ((int)response.StatusCode >= 500)
            {
                Interlocked.Increment(ref serverErrors);
                return false;
            }

            response.EnsureSuccessStatusCode(); // anything else is a mistake in the test, not the fault
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException { StatusCode: null } or TaskCanceledException)
        {
            return false;
        }
    }

    private TimeSpan Since(long timestamp) => timestamp == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(Interlocked.Read(ref killedAt), timestamp);

    private static void Latest(ref long field, long value)
    {
        long seen;
        while ((seen = Interlocked.Read(ref field)) < value && Interlocked.CompareExchange(ref field, value, seen) != seen)
        {
        }
    }
}
