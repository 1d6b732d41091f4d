using System.Diagnostics;

namespace Attendance.Testing;

/// <summary>
/// Silos started as separate processes on 127.0.0.1 by <c>deploy/local-cluster.sh</c>, the script operators use,
/// with the server built next to the calling test or benchmark. Settings become the silos' environment variables
/// (<c>Section__Key</c>). Disposing stops every silo still running.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly string directory;
    private readonly Dictionary<string, string> environment;

    private LocalCluster(string directory, Dictionary<string, string> environment, IReadOnlyList<SiloProcess> silos)
    {
        this.directory = directory;
        this.environment = environment;
        Silos = silos;
    }

    public IReadOnlyList<SiloProcess> Silos { get; }

    public string ClusterId => environment["Attendance__ClusterId"];

    /// <param name="connectionString">The shared database; null for one in-memory silo.</param>
    /// <param name="settings">
    /// More settings. Unless they say otherwise, the silos run as a developer's machine with the development sign-in
    /// (tests and benchmarks sign in with its tokens); production hosts refuse to start without an identity provider.
    /// </param>
    public static async Task<LocalCluster> StartAsync(string? connectionString, int silos, IReadOnlyDictionary<string, string>? settings = null)
    {
        var directory = Directory.CreateTempSubdirectory("attendance-cluster-").FullName;
        var ports = Enumerable.Range(0, 3).Select(_ => string.Join(',', Enumerable.Range(0, silos).Select(_ => Ports.Free()))).ToArray();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Authentication__Development__Enabled"] = "true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["CLUSTER_DIR"] = directory,
            ["SERVER_DLL"] = Path.Combine(AppContext.BaseDirectory, "Attendance.Server.dll"),
            ["HTTP_PORTS"] = ports[0],
            ["SILO_PORTS"] = ports[1],
            ["GATEWAY_PORTS"] = ports[2],
            ["ATTENDANCE_DB"] = connectionString ?? "",
            ["Attendance__ClusterId"] = $"test-{Guid.NewGuid():N}",
        })
        {
            environment[key] = value;
        }

        await RunScript(environment, "start", silos.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new LocalCluster(directory, environment, [.. Enumerable.Range(1, silos).Select(i => SiloProcess.Read(directory, i))]);
    }

    /// <summary>The repository's <c>deploy/local-cluster.sh</c>, found from the test's output folder.</summary>
    public static string Script() => Repository.File("deploy/local-cluster.sh");

    public async ValueTask DisposeAsync()
    {
        await RunScript(environment, "stop");
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // a log still open by a silo being reaped: left in the temp folder
        }
    }

    private static Task RunScript(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        Command.RunAsync("bash", [Script(), .. arguments], environment);
}

/// <summary>One silo process of a <see cref="LocalCluster"/>.</summary>
public sealed record SiloProcess(int Number, int Pid, Uri Address, int SiloPort, int GatewayPort)
{
    internal static SiloProcess Read(string directory, int number)
    {
        var values = File.ReadAllLines(Path.Combine(directory, $"silo-{number}.env"))
            .Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        return new SiloProcess(
            number, int.Parse(File.ReadAllText(Path.Combine(directory, $"silo-{number}.pid")).Trim()), new Uri(values["http"]),
            int.Parse(values["silo"]), int.Parse(values["gateway"]));
    }

    /// <summary>SIGKILL: the process dies at once, nothing is flushed or handed over.</summary>
    public void Kill()
    {
        using var process = Process.GetProcessById(Pid);
        process.Kill();
        process.WaitForExit();
    }

    /// <summary>SIGTERM, as a rolling update or <c>local-cluster.sh stop</c> sends: waits until the process has exited.</summary>
    public async Task Terminate()
    {
        using var process = Process.GetProcessById(Pid);
        await Command.RunAsync("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await process.WaitForExitAsync();
    }

    public bool IsRunning
    {
        get
        {
            try
            {
                using var process = Process.GetProcessById(Pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }
    }

    public long WorkingSetBytes => Read(p => p.WorkingSet64);

    public TimeSpan CpuTime => Read(p => p.TotalProcessorTime);

    private T Read<T>(Func<Process, T> read)
    {
        using var process = Process.GetProcessById(Pid);
        return read(process);
    }
}
