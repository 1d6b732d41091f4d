using System.Diagnostics;
using Attendance.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Attendance.Server.Tests;

/// <summary>
/// A mark's trace, collected by OpenTelemetry's in-memory exporter on a server with PostgreSQL: the HTTP request,
/// the class's and the pupil's grain calls, the append to the register, the group commit that carried it with its
/// database write, and the push to the dashboards, all in one trace.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed class TraceTests : IAsyncLifetime
{
    private readonly Spans spans = new();
    private AttendanceServer server = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        server = new AttendanceServer(connectionString, settings: new Dictionary<string, string> { ["Telemetry:Traces"] = "true" },
            services: services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
    }

    public Task DisposeAsync()
    {
        server.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_mark_is_one_trace_from_the_request_through_the_grains_and_the_database_to_the_dashboard_push()
    {
        server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = await new SchoolApi(server.CreateClient()).CreateAsync();
        await using var dashboard = await DashboardClient.ConnectAsync(server);
        await dashboard.Subscribe(school.Id);
        await Task.Delay(500); // past the feed's update interval: the mark's delta goes at once, inside its own trace

        await SchoolApi.EnsureSuccess(await school.Post("/pupils/T000000000001/marks", new { session = "2026-11-10-AM", code = "/" }));
        await dashboard.NextDelta();

        // Listeners are process-wide: other tests' servers' requests are recorded too, so this one is found by its school.
        var request = await Eventually.Until(() => Task.FromResult(Snapshot().FirstOrDefault(s => s.Kind == ActivityKind.Server
                && s.GetTagItem("url.path") is string path && path.Contains(school.Id, StringComparison.Ordinal) && path.EndsWith("/marks", StringComparison.Ordinal))),
            found => found is not null, TimeSpan.FromSeconds(30));
        Assert.NotNull(request);
        var trace = await Eventually.Until(() => Task.FromResult(Snapshot().Where(s => s.TraceId == request.TraceId).ToList()),
            found => found.Any(s => s.DisplayName == "dashboard push") && found.Any(s => s.Source.Name == "Npgsql"), TimeSpan.FromSeconds(30));
        var names = trace.Select(s => $"{s.Source.Name}: {s.DisplayName}").ToList();
        var all = string.Join("\n", names);

        Assert.Contains(trace, s => s.DisplayName.Contains("IClassGrain", StringComparison.Ordinal) && s.DisplayName.Contains("Mark", StringComparison.Ordinal));
        Assert.Contains(trace, s => s.DisplayName.Contains("IPupilGrain", StringComparison.Ordinal) && s.DisplayName.Contains("Mark", StringComparison.Ordinal));
        Assert.True(trace.Any(s => s.DisplayName == "register append"), all);
        Assert.True(trace.Any(s => s.DisplayName == "register commit"), all); // the group commit that carried the mark
        Assert.True(trace.Any(s => s.Source.Name == "Npgsql"), all); // its database write
        Assert.True(trace.Any(s => s.DisplayName == "dashboard push"), all);
    }

    private List<Activity> Snapshot() => spans.Copy();

    /// <summary>The exporter adds spans from the threads that end them while the test reads: one lock for both.</summary>
    private sealed class Spans : System.Collections.ObjectModel.Collection<Activity>
    {
        private readonly Lock gate = new();

        public List<Activity> Copy()
        {
            lock (gate)
            {
                return [.. this];
            }
        }

        protected override void InsertItem(int index, Activity item)
        {
            lock (gate)
            {
                base.InsertItem(index, item);
            }
        }
    }
}
