using System.Diagnostics;
using Attendance.Domain;

namespace Attendance.Benchmarks.Storm;

/// <summary>
/// A reference design's server: this benchmark's own executable started with one of its server commands, on a free
/// loopback port, in a process of its own, so its CPU and memory are measured apart from the load generator's.
/// </summary>
internal abstract class ReferenceTarget : IStormTarget, IAsyncDisposable
{
    private readonly Process process;

    /// <param name="bearerToken">Sent with every request when the server checks who is asking.</param>
    protected ReferenceTarget(Process process, Uri address, string? bearerToken)
    {
        this.process = process;
        Address = address;
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = ServerProcess.ClientConnections }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        if (bearerToken is not null)
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", bearerToken);
        }

        Clients = [http];
    }

    public abstract string Name { get; }

    public IReadOnlyList<HttpClient> Clients { get; }

    public TimeSpan CpuTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    public long WorkingSetBytes
    {
        get
        {
            process.Refresh();
            return process.WorkingSet64;
        }
    }

    public IReadOnlyList<int> ProcessIds => [process.Id];

    protected Uri Address { get; }

    public Task<long> SiloToSiloMessages() => Task.FromResult(0L);

    public Task<ServiceCounts> ServiceCounts() => Task.FromResult(default(ServiceCounts));

    public abstract Task<HttpResponseMessage> Send(HttpClient http, string schoolId, Session session, StormEvent e);

    /// <summary>Starts <c>dotnet Attendance.Benchmarks.dll command url arguments...</c> and waits until it answers <c>/health</c>.</summary>
    /// <param name="label">How the server's error output is prefixed on the console.</param>
    /// <param name="environment">Settings kept off the command line (a signing key).</param>
    protected static async Task<T> StartAsync<T>(
        string label, string command, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, Func<Process, Uri, T> create)
        where T : ReferenceTarget
    {
        var url = $"http://127.0.0.1:{Testing.Ports.Free()}";
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "Attendance.Benchmarks.dll"), command, url, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"  {label}: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var target = create(process, new Uri(url));
        for (var attempt = 0; attempt < 120; attempt++)
        {
            try
            {
                if ((await target.Clients[0].GetAsync("/health")).IsSuccessStatusCode)
                {
                    return target;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(250);
        }

        await target.DisposeAsync();
        throw new InvalidOperationException($"The {label} reference server did not start within 30 seconds.");
    }

    public async ValueTask DisposeAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
