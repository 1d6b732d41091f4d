using System.Diagnostics;

namespace Attendance.Testing;

/// <summary>Runs a program to completion.</summary>
public static class Command
{
    /// <summary>What a program printed and how it ended.</summary>
    public sealed record Outcome(int ExitCode, string Output, string Error);

    /// <summary>Runs the program, failing with what it printed when it exits non-zero.</summary>
    public static async Task RunAsync(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var outcome = await OutcomeAsync(file, arguments, environment);
        if (outcome.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({outcome.ExitCode}): {outcome.Error}{outcome.Output}");
        }
    }

    /// <summary>Runs the program and says how it ended; one still running after <paramref name="within"/> is killed and fails the test.</summary>
    public static async Task<Outcome> OutcomeAsync(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? within = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(within ?? Timeout.InfiniteTimeSpan);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} was still running after {within}: {await error}{await output}");
        }

        return new Outcome(process.ExitCode, await output, await error);
    }
}
