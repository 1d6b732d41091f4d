using System.Diagnostics;
using Attendance.Server.Access;
using Attendance.Testing;

namespace Attendance.Benchmarks;

/// <summary>The real server as a separate process on loopback, so its CPU and memory are measured on their own.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;

    private ServerProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    public Uri Address { get; }

    private static readonly string SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>A client signed in (development sign-in) as the office, lead and senior leader of the given schools.</summary>
    public HttpClient ClientFor(IEnumerable<string> schoolIds)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", TokenFor(schoolIds));
        return http;
    }

    public string TokenFor(IEnumerable<string> schoolIds)
    {
        var signIn = new DevelopmentSignIn(Microsoft.Extensions.Options.Options.Create(new SignInOptions { Development = { SigningKey = SigningKey } }), TimeProvider.System);
        return signIn.Issue(StaffUser.Of(
            "Benchmark", "Attendance officer", [StaffRole.AttendanceOfficer, StaffRole.AttendanceLead, StaffRole.SeniorLeader], schools: [.. schoolIds]));
    }

    public static async Task<ServerProcess> StartAsync(string? connectionString, TimeSpan updateInterval, bool evaluate)
    {
        var port = Ports.Free();
        var server = Path.Combine(AppContext.BaseDirectory, "Attendance.Server.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        foreach (var argument in new[]
        {
            server, "--urls", $"http://127.0.0.1:{port}", "--Attendance:SeedDemoSchool=false",
            $"--Attendance:SiloPort={Ports.Free()}", $"--Attendance:GatewayPort={Ports.Free()}", "--Attendance:AdvertisedIPAddress=127.0.0.1",
            $"--Attendance:ClusterId=bench-{Guid.NewGuid():N}", $"--Dashboard:UpdateInterval={updateInterval}", "--Logging:LogLevel:Default=Warning",
            $"--Alerts:EvaluateOnMark={evaluate}", $"--Authentication:Development:SigningKey={SigningKey}",
            "--Limits:GateArrivalsPerSecond=1000000", "--Limits:GateBurst=1000000", // the storm measures the server, not the gate limit
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        if (connectionString is not null)
        {
            start.Environment["ConnectionStrings__Attendance"] = connectionString;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"  server: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var address = new Uri($"http://127.0.0.1:{port}");
        using var http = new HttpClient();
        for (var attempt = 0; attempt < 120; attempt++)
        {
            try
            {
                if ((await http.GetAsync(new Uri(address, "/health"))).IsSuccessStatusCode)
                {
                    return new ServerProcess(process, address);
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(250);
        }

        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException("The server did not become healthy within 30 seconds.");
    }

    public long WorkingSetBytes
    {
        get
        {
            process.Refresh();
            return process.WorkingSet64;
        }
    }

    public TimeSpan CpuTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    public async ValueTask DisposeAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }

}
