using Attendance.Grains.Abstractions;

namespace Attendance.Grains.Schools;

/// <summary>An import's progress, in memory (see <see cref="IImportJobGrain"/>); collected an hour after the last report.</summary>
public sealed class ImportJobGrain([FromKeyedServices(SchoolClock.Key)] TimeProvider clock) : Grain, IImportJobGrain
{
    private ImportProgress? progress;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(TimeSpan.FromHours(1));
        return Task.CompletedTask;
    }

    public Task Start(ImportProgress started)
    {
        progress = started;
        return Task.CompletedTask;
    }

    public Task Report(int pupilsDone, int imported)
    {
        progress = progress! with { PupilsDone = pupilsDone, Imported = imported };
        return Task.CompletedTask;
    }

    public Task Finish(string? error)
    {
        progress = progress! with { Status = error is null ? ImportStatus.Done : ImportStatus.Failed, FinishedAt = clock.GetUtcNow(), Error = error };
        DelayDeactivation(TimeSpan.FromHours(1));
        return Task.CompletedTask;
    }

    public Task<ImportProgress?> Get() => Task.FromResult(progress);
}
