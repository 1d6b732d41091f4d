using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Attendance.Domain;
using Attendance.Server.Access;
using Attendance.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace Attendance.Benchmarks.Storm;

/// <summary>
/// References (b) and (c): <see cref="SameWorkServer"/> in its own process, without or with its batching writer.
/// Each process gets a signing key of its own, and every request and the dashboard carry a token signed with it by
/// the service's development sign-in, for an attendance officer and senior leader of the run's schools.
/// </summary>
internal sealed class SameWorkTarget(Process process, Uri address, string token, bool batching, DevelopmentSignIn signIn) : ReferenceTarget(process, address, token)
{
    private readonly string token = token;

    /// <summary>A token this process accepts, for any member of staff (e.g. a subject teacher with their staff code).</summary>
    public string TokenFor(StaffUser user) => signIn.Issue(user);

    /// <summary>A hub connection (not started) as the office and senior leader of the run's schools.</summary>
    public HubConnection HubConnection() => new HubConnectionBuilder()
        .WithUrl(new Uri(Address, SameWorkHub.Path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
        .Build();

    public override string Name => batching ? "plain, same work, batching (c)" : "plain, same work (b)";

    /// <param name="schoolIds">Every school the run's requests go to, warm-up's included: the token's schools.</param>
    public static Task<SameWorkTarget> StartAsync(string connectionString, bool batching, IReadOnlyList<string> schoolIds)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var signIn = new DevelopmentSignIn(Microsoft.Extensions.Options.Options.Create(new SignInOptions { Development = { SigningKey = key } }), TimeProvider.System);
        var token = signIn.Issue(StaffUser.Of("Benchmark", "Attendance officer", [StaffRole.AttendanceOfficer, StaffRole.SeniorLeader], schools: [.. schoolIds]));
        return StartAsync(
            batching ? "same work, batching" : "same work", SameWorkServer.Command, batching ? [connectionString, SameWorkServer.BatchingFlag] : [connectionString],
            new Dictionary<string, string> { [SameWorkServer.SigningKeyVariable] = key }, (process, address) => new SameWorkTarget(process, address, token, batching, signIn));
    }

    /// <summary>Each school's settings and roll (pupil <c>p</c> of school <c>index</c>, as the generated schools), before its storm.</summary>
    public async Task SetUpSchools(IReadOnlyList<string> schoolIds, int pupils)
    {
        foreach (var (schoolId, index) in schoolIds.Select((id, i) => (id, i)))
        {
            var roll = Enumerable.Range(0, pupils).Select(p => new SameWorkServer.RollPupil(GeneratedSchool.Upn(index, p), GeneratedSchool.ClassOf(p)));
            (await Clients[0].PostAsJsonAsync($"/schools/{schoolId}", new SameWorkServer.SchoolSetUp(SchoolSettings.EnglandTimeZone, SessionTimes.PrimaryDefault, [.. roll])))
                .EnsureSuccessStatusCode();
        }
    }

    public override Task<HttpResponseMessage> Send(HttpClient http, string schoolId, Session session, StormEvent e) => e.IsArrival
        ? http.PostAsJsonAsync($"/schools/{schoolId}/arrivals", new SameWorkServer.Arrival(e.Marks[0].Upn, e.ArrivedAt!.Value))
        : http.PostAsJsonAsync($"/schools/{schoolId}/classes/{e.ClassId}/registers/{session}", new SameWorkServer.Register([.. e.Marks.Select(m => new PlainServer.Mark(m.Upn, m.Code))]));

    /// <summary>A senior leader's dashboard of the schools, pushed over SignalR: each school's marks counted as its counts arrive.</summary>
    public async Task<IAsyncDisposable> WatchAsync(IReadOnlyList<string> schoolIds, DashboardClock clock)
    {
        var indexOf = schoolIds.Select((id, i) => (id, i)).ToDictionary(s => s.id, s => s.i);
        var connection = HubConnection();
        connection.On<string, PlainServer.Counts>("counts", (schoolId, counts) => clock.Shows(indexOf[schoolId], counts.Marked, Stopwatch.GetTimestamp()));
        await connection.StartAsync();
        foreach (var schoolId in schoolIds)
        {
            await connection.InvokeAsync("Subscribe", schoolId);
        }

        return connection;
    }
}
