using System.Net;
using System.Text.RegularExpressions;
using Attendance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Attendance.Server.Tests;

/// <summary>The Prometheus scrape endpoint: the service's own meters beside Orleans', for trust leaders only.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class TelemetryTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Marks_dashboards_and_orleans_show_in_the_metrics_a_trust_leader_scrapes()
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = await new SchoolApi(fixture.Server.CreateClient()).CreateAsync();
        await using var dashboard = await DashboardClient.ConnectAsync(fixture.Server);
        await dashboard.Subscribe(school.Id);
        await SchoolApi.EnsureSuccess(await school.Post("/arrivals", new { upn = "T000000000001", arrivedAt = "2026-11-10T08:55:00Z" }));
        await SchoolApi.EnsureSuccess(await school.SubmitRegister("2026-11-10-AM", "/", "N", "/"));

        var scraper = fixture.Server.ClientAs(TestUsers.Trust);
        var metrics = await Eventually.Until(
            () => scraper.GetStringAsync("/metrics"),
            text => text.Contains("attendance_marks_recorded_total{", StringComparison.Ordinal) && text.Contains("attendance_dashboard_deltas_total", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10));

        Assert.Matches("""attendance_marks_recorded_total\{[^}]*source="Gate"[^}]*\} [1-9]""", metrics);
        Assert.Matches("""attendance_marks_recorded_total\{[^}]*source="Register"[^}]*\} [1-9]""", metrics);
        Assert.Matches("""attendance_marks_ack_duration_seconds_count\{[^}]*endpoint="register"[^}]*status="200"[^}]*\} [1-9]""", metrics);
        var silo = fixture.Server.Services.GetRequiredService<Orleans.Runtime.ILocalSiloDetails>().SiloAddress.ToParsableString();
        Assert.Matches($$"""attendance_dashboard_connections\{[^}]*silo="{{Regex.Escape(silo)}}"[^}]*\} [1-9]""", metrics);
        Assert.Contains("orleans_", metrics); // Orleans' own meter
        Assert.Contains("http_server_request_duration_seconds", metrics); // ASP.NET Core's
    }

    [Fact]
    public async Task Open_alerts_show_per_school_and_go_down_when_one_is_closed()
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = await (await new SchoolApi(fixture.Server.CreateClient()).CreateAsync()).WithLowPenaltyThreshold();
        var scraper = fixture.Server.ClientAs(TestUsers.Trust);
        var gauge = $$"""attendance_alerts_open\{[^}]*school="{{school.Id}}"[^}]*\} (\d+)""";

        await school.MarkYesterdayUnauthorised("T000000000001");
        var alerts = (await school.Get("/alerts")).AsArray();
        Assert.NotEmpty(alerts);
        Assert.Equal(alerts.Count, await Open(alerts.Count));

        await SchoolApi.EnsureSuccess(await school.Post("/alerts/T000000000001-PenaltyNoticeThreshold-1/decision", new
        {
            decision = "Not issued: first episode",
            penaltyNotice = new { issue = false, rationale = "Support first" },
        }));
        Assert.Equal(alerts.Count - 1, await Open(alerts.Count - 1));

        // The exporter caches a scrape for 300 ms: read until the value is the one expected, or fail with the last.
        async Task<int?> Open(int expected) => Value(await Eventually.Until(() => scraper.GetStringAsync("/metrics"), text => Value(text) == expected));
        int? Value(string text) => System.Text.RegularExpressions.Regex.Match(text, gauge) is { Success: true } m ? int.Parse(m.Groups[1].Value) : null;
    }

    [Fact]
    public async Task Metrics_are_for_trust_leaders_only()
    {
        await SchoolApi.Problem(await fixture.Server.ClientAs(TestUsers.Officer("demo")).GetAsync("/metrics"), HttpStatusCode.Forbidden);
        await SchoolApi.Problem(await fixture.Server.CreateDefaultClient().GetAsync("/metrics"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Every_metric_the_Grafana_dashboard_queries_is_one_the_service_exports()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Attendance.Orleans.sln")))
        {
            root = root.Parent!;
        }

        var dashboard = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(root.FullName, "deploy", "observability", "grafana", "dashboards", "attendance.json")))!;
        var queried = dashboard["panels"]!.AsArray().SelectMany(p => p!["targets"]!.AsArray().Select(t => t!["expr"]!.GetValue<string>()))
            .SelectMany(expr => System.Text.RegularExpressions.Regex.Matches(expr, "(attendance|http_server)_[a-z_]+").Select(m => m.Value))
            .Distinct().ToList();
        Assert.True(queried.Count >= 8, string.Join(", ", queried));

        // Make each of them move: marks, a dashboard, the school's alert inbox and follow-up list (their gauges report
        // while they are active).
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = await new SchoolApi(fixture.Server.CreateClient()).CreateAsync();
        await using var dashboardClient = await DashboardClient.ConnectAsync(fixture.Server);
        await dashboardClient.Subscribe(school.Id);
        await SchoolApi.EnsureSuccess(await school.SubmitRegister("2026-11-10-AM", "/", "N", "/"));
        await school.Get("/alerts");
        await school.Get("/tasks");
        var scraper = fixture.Server.ClientAs(TestUsers.Trust);
        var metrics = await Eventually.Until(() => scraper.GetStringAsync("/metrics"),
            text => text.Contains("attendance_dashboard_deltas_total", StringComparison.Ordinal) && text.Contains($"school=\"{school.Id}\"", StringComparison.Ordinal));

        // Not in this in-memory server's first seconds: the journal writer's series (PostgreSQL only) and the registers
        // gauge (reported by the follow-up's minute check; FollowUpApiTests reads it with a check every second).
        var reportedLater = new[]
        {
            "attendance_journal_refused_total", "attendance_journal_batch_size_bucket", "attendance_journal_commit_duration_seconds_bucket",
            "attendance_registers_not_submitted",
        };
        var missing = queried.Where(name => !reportedLater.Contains(name) && !metrics.Contains(name + "{", StringComparison.Ordinal) && !metrics.Contains(name + " ", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"The dashboard queries metrics the service does not export: {string.Join(", ", missing)}");
    }

    [Fact]
    public async Task The_Orleans_dashboard_when_switched_on_is_for_trust_leaders_only()
    {
        using var server = new AttendanceServer(settings: new Dictionary<string, string> { ["Attendance:OrleansDashboard"] = "true" });
        var page = await server.ClientAs(TestUsers.Trust).GetAsync("/orleans-dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("html", page.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await server.ClientAs(TestUsers.Lead("any")).GetAsync("/orleans-dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.CreateDefaultClient().GetAsync("/orleans-dashboard/")).StatusCode);

        // Off by default: nothing there.
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Server.ClientAs(TestUsers.Trust).GetAsync("/orleans-dashboard/")).StatusCode);
    }
}
