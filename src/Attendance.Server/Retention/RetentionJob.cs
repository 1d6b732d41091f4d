using Attendance.Server.Access;
using Microsoft.Extensions.Options;
using Attendance.Grains.Registers;
using Attendance.Grains.Schools;

namespace Attendance.Server.Retention;

/// <summary>
/// Deletes legal register lines made more than <see cref="RetentionOptions.RetentionYears"/> ago for sessions more than
/// that long ago (a line's recorded time can come from an import: the session's date bounds it), and logs what it
/// deleted. The only writer allowed to delete (the table refuses everything else). Every silo runs it; a second
/// purge of the same lines finds nothing.
/// </summary>
public sealed partial class RetentionJob(
    ILegalRegister register,
    IPupilReads reads,
    IOptions<RetentionOptions> options,
    [FromKeyedServices(SchoolClock.Key)] TimeProvider clock,
    ILogger<RetentionJob> logger) : BackgroundService
{
    /// <summary>One purge: lines made, and for sessions, before now less the retention period.</summary>
    public async Task<IReadOnlyDictionary<string, int>> PurgeOnce(CancellationToken cancellationToken = default)
    {
        var cutoff = clock.GetUtcNow().AddYears(-options.Value.RetentionYears);
        var purged = await register.Purge(DateOnly.FromDateTime(cutoff.UtcDateTime), cutoff, cancellationToken);
        if (await reads.Purge(cutoff, cancellationToken) is > 0 and var readings)
        {
            ReadsPurged(readings, cutoff);
        }

        foreach (var (schoolId, lines) in purged)
        {
            Purged(lines, schoolId, cutoff);
        }

        if (purged.Count == 0)
        {
            NothingToPurge(cutoff);
        }

        return purged;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PurgeEvery, clock);
        do
        {
            try
            {
                await PurgeOnce(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                PurgeFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(LogLevel.Information, "Retention: purged {Lines} legal register line(s) of school {SchoolId} made before {Cutoff:u}")]
    private partial void Purged(int lines, string schoolId, DateTimeOffset cutoff);

    [LoggerMessage(LogLevel.Information, "Retention: purged {Readings} record(s) of who read pupils' records, made before {Cutoff:u}")]
    private partial void ReadsPurged(int readings, DateTimeOffset cutoff);

    [LoggerMessage(LogLevel.Debug, "Retention: no legal register lines made before {Cutoff:u}")]
    private partial void NothingToPurge(DateTimeOffset cutoff);

    [LoggerMessage(LogLevel.Warning, "Retention: the purge failed; it runs again at the next period")]
    private partial void PurgeFailed(Exception ex);
}
