using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Attendance.Grains.Abstractions;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Attendance.Server.Http;

namespace Attendance.Benchmarks;

internal sealed record AlertRunResult(
    string Storage, bool Evaluate, int Marks, int Errors, double MarksPerSecond, double AckP50Ms, double AckP99Ms,
    double CpuMsPer1000Marks, int AlertsExpected, int AlertsReceived, double AlertP50Ms, double AlertP99Ms) : IResultRow
{
    public const string Header =
        "storage  | evaluation | marks  | errors | marks/s | ack p50 / p99 ms | CPU ms per 1,000 marks | alerts expected / received | mark-to-alert p50 / p99 ms";

    public string Row() =>
        $"{Storage,-8} | {(Evaluate ? "on" : "off"),-10} | {Marks,6} | {Errors,6} | {MarksPerSecond,7:F0} | {AckP50Ms,6:F1} / {AckP99Ms,6:F1} | {CpuMsPer1000Marks,22:F0} | {AlertsExpected,8} / {AlertsReceived,-8} | {AlertP50Ms,8:F1} / {AlertP99Ms,6:F1}";
}

/// <summary>
/// Closed-loop gate arrivals (as fast as <c>concurrency</c> clients get answers), once with policy evaluation on
/// and once off, on a fresh server each. Every 50th pupil (2%, about what the demo school sees in a session) had an
/// unauthorised session yesterday, under a policy whose penalty-notice threshold is 2: their arrival after the
/// register closed (U) is the second and raises an alert, timed from the HTTP acknowledgement to the lead's client.
/// </summary>
internal static class AlertRun
{
    private const int PrimedEvery = 50;

    public static async Task<AlertRunResult> ExecuteAsync(ServerProcess server, string storage, bool evaluate, int marks, int concurrency)
    {
        var schools = (marks + Run.PupilsPerSchool - 1) / Run.PupilsPerSchool;
        var schoolIds = Enumerable.Range(0, schools).Select(i => $"alerts-{Guid.NewGuid():N}"[..16]).ToList();
        using var http = server.ClientFor(schoolIds);
        var policy = JsonNode.Parse(await http.GetStringAsync("/api/policy"))!;
        policy["penaltyNoticeSessions"] = 2;
        var session = default(Domain.Session);
        foreach (var (schoolId, index) in schoolIds.Select((s, i) => (s, i)))
        {
            session = (await Testing.GeneratedSchool.CreateAsync(http, schoolId, index, Run.PupilsPerSchool)).Session;
            (await http.PutAsync($"/api/schools/{schoolId}/policy", JsonContent.Create(policy))).EnsureSuccessStatusCode();
        }

        var yesterday = session.Date.AddDays(session.Date.DayOfWeek == DayOfWeek.Monday ? -3 : -1);
        var primed = Enumerable.Range(0, marks).Where(i => i % PrimedEvery == 0).ToList();
        await Parallel.ForEachAsync(primed, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
            (await http.PostAsJsonAsync($"/api/schools/{schoolIds[i / Run.PupilsPerSchool]}/pupils/{Upn(i)}/marks", new
            {
                session = $"{yesterday:yyyy-MM-dd}-AM", code = "G",
            })).EnsureSuccessStatusCode());

        var arrivedAt = Testing.GeneratedSchool.At(session, Domain.SessionTimes.PrimaryDefault.For(session.Part).Closes.AddMinutes(10));
        var alerted = new ConcurrentDictionary<string, long>();
        await using var lead = new HubConnectionBuilder()
            .WithUrl(new Uri(server.Address, "/hubs/attendance"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(server.TokenFor(schoolIds)))
            .AddJsonProtocol(json => ApiJson.Configure(json.PayloadSerializerOptions))
            .Build();
        lead.On<AttendanceAlert>("alert", alert => alerted.TryAdd(alert.Upn ?? "", Stopwatch.GetTimestamp()));
        await lead.StartAsync();
        foreach (var schoolId in schoolIds)
        {
            await lead.InvokeAsync<IReadOnlyList<AttendanceAlert>>("SubscribeAlerts", schoolId);
        }

        var acknowledged = new ConcurrentDictionary<string, long>();
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var next = -1;
        var cpuBefore = server.CpuTime;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < marks; i = Interlocked.Increment(ref next))
            {
                var sent = Stopwatch.GetTimestamp();
                using var response = await http.PostAsJsonAsync($"/api/schools/{schoolIds[i / Run.PupilsPerSchool]}/arrivals", new { upn = Upn(i), arrivedAt });
                var ack = Stopwatch.GetTimestamp();
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                    continue;
                }

                acknowledged[Upn(i)] = ack;
                latencies.Add(Stopwatch.GetElapsedTime(sent, ack).TotalMilliseconds);
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpu = server.CpuTime - cpuBefore;
        var expected = evaluate ? primed.Count : 0;
        for (var wait = 0; wait < 100 && alerted.Count < expected; wait++)
        {
            await Task.Delay(100);
        }

        var toAlert = alerted.Where(a => acknowledged.ContainsKey(a.Key))
            .Select(a => (a.Value - acknowledged[a.Key]) * 1000.0 / Stopwatch.Frequency).Order().ToList();
        var acks = latencies.Order().ToList();
        return new AlertRunResult(
            storage, evaluate, marks, errors, acknowledged.Count / elapsed.TotalSeconds, Run.Percentile(acks, 50), Run.Percentile(acks, 99),
            cpu.TotalMilliseconds * 1000 / Math.Max(1, acknowledged.Count), expected, alerted.Count, Run.Percentile(toAlert, 50), Run.Percentile(toAlert, 99));

        string Upn(int i) => Testing.GeneratedSchool.Upn(i / Run.PupilsPerSchool, i % Run.PupilsPerSchool);
    }
}
