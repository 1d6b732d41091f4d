using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Attendance.Benchmarks.Storm;

/// <summary>
/// What a run costs outside the server's own counters: PostgreSQL's CPU (every system writes to it, so a design
/// that moves work into the database must pay for it here), and the managed heap after a full collection (what the
/// objects hold, unlike the working set, which includes the runtime's reserves and freed pages not yet returned).
/// </summary>
internal static partial class ProcessFigures
{
    // Linux reports process CPU in clock ticks; 100 a second on every distribution this runs on (sysconf(_SC_CLK_TCK)).
    private const double TicksPerSecond = 100;

    /// <summary>
    /// CPU time of every PostgreSQL process so far: each live backend's own, plus what the server's main process
    /// collected from backends that have exited (a connection closed mid-run still counts).
    /// </summary>
    public static TimeSpan PostgresCpu() => Cpu("postgres");

    /// <summary>
    /// Waits until the processes are quiet (under 5% of a core over a second, at most a minute and a half) and says how
    /// long that took. After a warm-up a .NET server goes on compiling: its tiered compiler promotes the code the
    /// warm-up made hot, in the background; a storm started at once would measure that compiling as the storm's (a
    /// profile put 45% of a storm's server CPU on the tiered compiler's thread). Every system is measured settled.
    /// </summary>
    public static async Task<TimeSpan> Settle(IReadOnlyList<int> pids)
    {
        var started = Stopwatch.StartNew();
        var last = TotalCpu(pids);
        while (started.Elapsed < TimeSpan.FromSeconds(90))
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var now = TotalCpu(pids);
            if (now - last < TimeSpan.FromMilliseconds(50))
            {
                break;
            }

            last = now;
        }

        return started.Elapsed;
    }

    private static TimeSpan TotalCpu(IReadOnlyList<int> pids) =>
        pids.Aggregate(TimeSpan.Zero, (sum, pid) => sum + Process.GetProcessById(pid).TotalProcessorTime);

    /// <summary>CPU time so far of every process named <paramref name="processName"/>, with what each collected from its exited children.</summary>
    public static TimeSpan Cpu(string processName)
    {
        double ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var name = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
                if (name != processName)
                {
                    continue;
                }

                // After the name: state, ppid, ... utime (14th field overall), stime, cutime, cstime.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += Enumerable.Range(11, 4).Sum(i => double.Parse(fields[i], CultureInfo.InvariantCulture));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // a process that ended while we read: its time is in its parent's collected time
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>
    /// The live managed heap of the processes, in bytes: <c>dotnet-gcdump</c> (a local tool, .config/dotnet-tools.json)
    /// makes each process run a full blocking collection and walks what survives.
    /// </summary>
    public static async Task<long> HeapAfterFullGc(IEnumerable<int> pids)
    {
        long total = 0;
        foreach (var pid in pids)
        {
            var file = Path.Combine(Path.GetTempPath(), $"storm-{pid}-{Guid.NewGuid():N}.gcdump");
            try
            {
                await Tool("collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", file);
                var report = await Tool("report", file);
                total += HeapBytes(report);

                // What holds the heap, by type, beside the run's JSON: the memory profile of the run.
                Directory.CreateDirectory("artifacts/benchmarks");
                await File.WriteAllTextAsync($"artifacts/benchmarks/heap-{DateTime.Now:yyyyMMdd-HHmmss}-{pid}.txt", report);
            }
            finally
            {
                File.Delete(file);
            }
        }

        return total;
    }

    /// <summary>The report's total of object sizes ("123,456,789  GC Heap bytes").</summary>
    private static long HeapBytes(string report) =>
        HeapLine().Match(report) is { Success: true } match
            ? long.Parse(match.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"dotnet-gcdump gave no heap size:\n{report}");

    [GeneratedRegex(@"([\d,]+)\s+GC Heap bytes")]
    private static partial Regex HeapLine();

    private static async Task<string> Tool(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(Path.GetDirectoryName(Testing.Repository.File(".config/dotnet-tools.json"))) };
        foreach (var argument in (string[])["gcdump", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"dotnet gcdump {string.Join(' ', arguments)} failed ({process.ExitCode}). Run 'dotnet tool restore' in the repository first.\n{error}{await output}");
    }
}
