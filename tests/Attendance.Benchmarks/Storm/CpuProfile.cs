using System.Diagnostics;

namespace Attendance.Benchmarks.Storm;

/// <summary>
/// A CPU profile of the server's processes over the storm's measured window (<c>--profile</c>): Linux <c>perf</c>
/// sampling call stacks at 499 Hz, the JIT-compiled frames named by the runtime's perf map (<c>DOTNET_PerfMapEnabled</c>,
/// set on the silos when profiling). When it stops, the hottest functions (self time) and the time by module are
/// written beside the run's JSON as text: what the CPU per mark is spent on.
/// </summary>
internal sealed class CpuProfile : IAsyncDisposable
{
    /// <summary>
    /// The silos' settings: the runtime writes the names of the code it compiles for perf, and keeps that code where
    /// perf can match it to the names (with write-xor-execute on, compiled code runs from a double mapping perf cannot
    /// name: a first profile put a quarter of the CPU in "memfd:doublemapper").
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ServerSettings = new Dictionary<string, string>
    {
        ["DOTNET_PerfMapEnabled"] = "1",
        ["DOTNET_EnableWriteXorExecute"] = "0",
    };

    private readonly Process perf;
    private readonly string data;

    private CpuProfile(Process perf, string data) => (this.perf, this.data) = (perf, data);

    public static CpuProfile Start(IReadOnlyList<int> processIds, string name)
    {
        var folder = Path.Combine(Directory.GetCurrentDirectory(), "artifacts", "benchmarks");
        Directory.CreateDirectory(folder);
        var data = Path.Combine(folder, $"profile-{name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.data");
        var perf = Process.Start(new ProcessStartInfo("perf", ["record", "-F", "499", "-g", "-o", data, "-p", string.Join(',', processIds)])
        {
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("perf could not be started: install linux-perf.");
        return new CpuProfile(perf, data);
    }

    /// <summary>Stops sampling (perf writes its file on SIGINT) and writes the reports.</summary>
    public async ValueTask DisposeAsync()
    {
        using (var stop = Process.Start("kill", ["-INT", perf.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await stop.WaitForExitAsync();
        }

        await perf.WaitForExitAsync();
        foreach (var (suffix, sort) in new[] { ("functions", "symbol"), ("modules", "dso") })
        {
            var report = Process.Start(new ProcessStartInfo("perf", ["report", "-i", data, "--stdio", "--no-children", "--sort", sort, "--percent-limit", "0.3"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var text = await report.StandardOutput.ReadToEndAsync();
            await report.WaitForExitAsync();
            var file = Path.ChangeExtension(data, $"{suffix}.txt");
            await File.WriteAllTextAsync(file, text);
            Console.WriteLine($"Profile ({suffix}): {file}");
        }
    }
}
