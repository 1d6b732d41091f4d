using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>
/// The real server as its own process, started as a deployment would start it: without an identity provider it
/// refuses to start and says what to configure, unless it is a developer's machine that asked for the development
/// sign-in; with a provider the password-less sign-in does not exist.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed class ProductionStartTests
{
    [Theory]
    [InlineData("Production", null)] // deploy/compose.yaml before: no provider, port published
    [InlineData("Production", "true")] // asking for the development sign-in in production is not enough
    [InlineData("Staging", "true")]
    [InlineData("Development", "false")] // a developer's machine must ask for it (appsettings.Development.json does)
    public async Task Without_an_identity_provider_the_server_refuses_to_start_and_says_what_to_configure(string environment, string? developmentEnabled)
    {
        var settings = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = environment };
        if (developmentEnabled is not null)
        {
            settings["Authentication__Development__Enabled"] = developmentEnabled;
        }

        var outcome = await Start(settings, within: TimeSpan.FromSeconds(60));

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("will not start without an identity provider", outcome.Error);
        Assert.Contains("Authentication__Authority", outcome.Error);
        Assert.Contains($"runs as '{environment}'", outcome.Error);
    }

    [Fact]
    public async Task A_school_clock_set_to_another_time_is_refused_outside_a_developers_machine()
    {
        var outcome = await Start(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Authentication__Authority"] = "https://login.example.org/trust/v2.0",
            ["Authentication__Audience"] = "attendance",
            ["Attendance__SchoolClockStart"] = "2026-11-10T08:50:00Z",
        }, within: TimeSpan.FromSeconds(60));

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("Attendance__SchoolClockStart sets the school's clock to another time", outcome.Error);
        Assert.Contains("runs as 'Production'", outcome.Error);
    }

    [Fact]
    public async Task With_an_identity_provider_there_is_no_development_sign_in()
    {
        var port = Ports.Free();
        using var server = StartRunning(port, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Authentication__Development__Enabled"] = "true", // ignored: a provider is named
            ["Authentication__Authority"] = "https://login.example.org/trust/v2.0",
            ["Authentication__Audience"] = "attendance",
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await Eventually.Until(async () => await Healthy(http), healthy => healthy, TimeSpan.FromSeconds(60));

        var mode = JsonNode.Parse(await http.GetStringAsync("/api/sign-in"))!;
        Assert.Equal("bearer", (string?)mode["mode"]);
        var signIn = await http.PostAsync("/api/dev/sign-in", JsonContent.Create(new { user = "trust" }));
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode); // no such endpoint: nobody signed in
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/dev/users")).StatusCode);
    }

    [Fact]
    public async Task The_migration_step_applies_the_schema_as_its_owner_and_exits()
    {
        var database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        var applied = await Command.OutcomeAsync("dotnet", [ServerDll, "apply-schema"],
            new Dictionary<string, string> { ["ConnectionStrings__AttendanceOwner"] = database }, TimeSpan.FromSeconds(60));
        Assert.True(applied.ExitCode == 0, applied.Error);
        Assert.Equal(0, await Database.CountRows(database, "attendance_register"));

        var withoutOwner = await Command.OutcomeAsync("dotnet", [ServerDll, "apply-schema"], within: TimeSpan.FromSeconds(60));
        Assert.Equal(2, withoutOwner.ExitCode);
        Assert.Contains("ConnectionStrings__AttendanceOwner", withoutOwner.Error);
    }

    private static async Task<bool> Healthy(HttpClient http)
    {
        try
        {
            return (await http.GetAsync("/health")).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static Task<Command.Outcome> Start(Dictionary<string, string> settings, TimeSpan within) =>
        Command.OutcomeAsync("dotnet", [ServerDll, "--contentRoot", AppContext.BaseDirectory], Environment(settings, Ports.Free()), within);

    private static Running StartRunning(int port, Dictionary<string, string> settings)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(ServerDll);
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(AppContext.BaseDirectory);
        foreach (var (key, value) in Environment(settings, port))
        {
            start.Environment[key] = value;
        }

        var process = System.Diagnostics.Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { }; // read and dropped, so the server never blocks on a full pipe
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new Running(process);
    }

    private sealed class Running(System.Diagnostics.Process process) : IDisposable
    {
        public void Dispose()
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            process.Dispose();
        }
    }

    private static Dictionary<string, string> Environment(Dictionary<string, string> settings, int port) => new(settings)
    {
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        ["Attendance__SeedDemoSchool"] = "false",
        ["Attendance__SiloPort"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Attendance__GatewayPort"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Attendance__AdvertisedIPAddress"] = "127.0.0.1",
    };

    private static string ServerDll => Path.Combine(AppContext.BaseDirectory, "Attendance.Server.dll");
}
