using Attendance.Grains.Abstractions;
using Attendance.Grains.FollowUp;
using Attendance.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Attendance.Grains.Schools;

[GenerateSerializer]
public sealed class ImportJobState
{
    /// <summary>What the page shows; null until the job is started.</summary>
    [Id(0)] public ImportProgress? Progress { get; set; }

    /// <summary>How many parts the import's rows are kept in (<see cref="IImportPartGrain"/>).</summary>
    [Id(1)] public int Parts { get; set; }

    /// <summary>The part to import next: the ones before it are in the register.</summary>
    [Id(2)] public int NextPart { get; set; }

    /// <summary>How many times in a row the next part has failed.</summary>
    [Id(3)] public int Attempts { get; set; }

    /// <summary>When the job ended, in real time: it is cleared an hour later.</summary>
    [Id(4)] public DateTimeOffset? EndedAt { get; set; }
}

/// <summary>
/// A historic marks import run by its grain (see <see cref="IImportJobGrain"/>): one part per tick of a grain timer
/// that does not interleave, so <see cref="Get"/> is answered between parts. Its progress is stored after each part.
/// While it runs a reminder comes every <see cref="FollowUpOptions.CheckEvery"/>: in an activation without the timer
/// (the silo stopped, or a part failed) it starts the timer again, which carries on from the next part stored. Once
/// it has ended the reminder comes once more, an hour later, and clears it.
/// </summary>
[SchoolPlacement]
public sealed class ImportJobGrain(
    [PersistentState("import", StorageNames.Attendance)] IPersistentState<ImportJobState> state,
    IOptions<FollowUpOptions> checks,
    [FromKeyedServices(SchoolClock.Key)] TimeProvider clock,
    ILogger<ImportJobGrain> logger) : Grain, IImportJobGrain, IRemindable
{
    private const string Reminder = "import";

    /// <summary>How many times a part is tried (a reminder's period apart) before the job stops as failed.</summary>
    public const int MaxAttempts = 5;

    private const string Stopped =
        "The import stopped (the service's log says why). The pupils imported so far keep their marks; import the same file again to add the rest.";

    /// <summary>How long an ended job's progress is kept for the page.</summary>
    private static readonly TimeSpan KeptFor = TimeSpan.FromHours(1);

    // The hour an ended job is kept is real time, whatever the school's clock says (tests set that one).
    private readonly TimeProvider waits = TimeProvider.System;
    private IGrainTimer? timer;

    private ImportJobState Job => state.State;

    public async Task<ImportProgress> Start(ImportProgress progress, int parts)
    {
        if (Job.Progress is { } started)
        {
            return started;
        }

        // The reminder first: should the job not be stored, the reminder finds nothing and goes; once it is stored,
        // the reminder brings it back after a silo stops.
        await this.RegisterOrUpdateReminder(Reminder, checks.Value.CheckEvery, checks.Value.CheckEvery);
        state.State = new ImportJobState { Progress = progress, Parts = parts };
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not started, as far as the caller knows; the next activation (the reminder's) reads what storage holds.
            state.State = new ImportJobState();
            DeactivateOnIdle();
            throw;
        }

        Run();
        return progress;
    }

    public Task<ImportProgress?> Get() => Task.FromResult(Job.Progress);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        switch (Job.Progress)
        {
            case null:
                await Unregister(); // nothing stored: its start failed, or it was cleared
                break;
            case { Status: ImportStatus.Running }:
                Run(); // after a silo stop or a failed part (a timer already running goes on as it is)
                break;
            default:
                if (Job.EndedAt is not { } ended || waits.GetUtcNow() - ended >= KeptFor)
                {
                    await state.ClearStateAsync();
                    await Unregister();
                    DeactivateOnIdle();
                }

                break;
        }
    }

    private void Run() => timer ??= this.RegisterGrainTimer(Step, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = true });

    private void StopTimer()
    {
        timer?.Dispose();
        timer = null;
    }

    /// <summary>Imports the next part, stores the progress and schedules the next step, after the calls waiting (the page's).</summary>
    private async Task Step()
    {
        if (Job.Progress is not { Status: ImportStatus.Running })
        {
            StopTimer();
            return;
        }

        try
        {
            if (Job.NextPart < Job.Parts)
            {
                await ImportNextPart();
            }

            if (Job.NextPart < Job.Parts)
            {
                timer?.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
                return;
            }

            await End(null);
        }
        catch (Exception ex)
        {
            await Failed(ex);
        }
    }

    /// <summary>Each pupil of the part in one append, in parallel; the progress is stored, then the part is cleared.</summary>
    private async Task ImportNextPart()
    {
        var (schoolId, importId) = GrainKeys.Split(this.GetPrimaryKeyString());
        var progress = Job.Progress!;
        var part = Part(Job.NextPart);
        var pupils = await part.Get()
            ?? throw new InvalidOperationException($"Part {Job.NextPart} of the historic marks import {importId} for school {schoolId} is no longer stored.");
        var added = await Task.WhenAll(pupils.Select(p => GrainFactory.GetPupil(schoolId, p.Upn).ImportHistory(p.Entries)));
        await Save(progress with { PupilsDone = progress.PupilsDone + pupils.Count, Imported = progress.Imported + added.Sum() }, Job.NextPart + 1, attempts: 0, endedAt: null);
        await Forget(part);
    }

    /// <summary>The job ends: done, or failed with <paramref name="error"/>. The reminder then comes once more, an hour on, to clear it.</summary>
    private async Task End(string? error)
    {
        StopTimer();
        var ended = Job.Progress! with { Status = error is null ? ImportStatus.Done : ImportStatus.Failed, FinishedAt = clock.GetUtcNow(), Error = error };
        await Save(ended, Job.NextPart, Job.Attempts, waits.GetUtcNow());
        try
        {
            await this.RegisterOrUpdateReminder(Reminder, KeptFor, KeptFor);
        }
        catch (Exception ex)
        {
            // The running job's reminder stays, and clears the job once the hour has passed.
            logger.LogWarning(ex, "Could not set the reminder that clears the import {Key}", this.GetPrimaryKeyString());
        }
    }

    /// <summary>
    /// A step failed: the reminder tries the part again (importing is idempotent: sessions already in the register are
    /// skipped); after <see cref="MaxAttempts"/> the job stops as failed and its remaining parts are cleared. The
    /// pupils imported so far keep their marks, as before.
    /// </summary>
    private async Task Failed(Exception ex)
    {
        StopTimer();
        var attempts = Job.Attempts + 1;
        var inconsistent = ex is InconsistentStateException;
        var (schoolId, importId) = GrainKeys.Split(this.GetPrimaryKeyString());
        logger.LogError(ex, "The historic marks import {Id} for school {SchoolId} failed at part {Part} of {Parts} (attempt {Attempt} of {MaxAttempts})",
            importId, schoolId, Job.NextPart + 1, Job.Parts, attempts, MaxAttempts);
        try
        {
            if (attempts < MaxAttempts)
            {
                await Save(Job.Progress!, Job.NextPart, attempts, endedAt: null);
            }
            else
            {
                Job.Attempts = attempts;
                await End(Stopped);
                await Task.WhenAll(Enumerable.Range(Job.NextPart, Job.Parts - Job.NextPart).Select(n => Forget(Part(n))));
            }
        }
        catch (Exception again)
        {
            Job.Attempts = attempts; // counted even when storage is down; the next reminder tries again
            inconsistent |= again is InconsistentStateException;
            logger.LogWarning(again, "Could not record the failure of the historic marks import {Id} for school {SchoolId}", importId, schoolId);
        }

        if (inconsistent)
        {
            DeactivateOnIdle(); // another activation wrote the job: the next reminder reads what storage holds
        }
    }

    /// <summary>Stores the job's progress; when storage refuses it, the job is left as it was (and the error goes on).</summary>
    private async Task Save(ImportProgress progress, int nextPart, int attempts, DateTimeOffset? endedAt)
    {
        var before = (Job.Progress, Job.NextPart, Job.Attempts, Job.EndedAt);
        (Job.Progress, Job.NextPart, Job.Attempts, Job.EndedAt) = (progress, nextPart, attempts, endedAt);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            (Job.Progress, Job.NextPart, Job.Attempts, Job.EndedAt) = before;
            throw;
        }
    }

    private IImportPartGrain Part(int n)
    {
        var (schoolId, importId) = GrainKeys.Split(this.GetPrimaryKeyString());
        return GrainFactory.GetGrain<IImportPartGrain>(ImportKeys.Part(schoolId, importId, n));
    }

    /// <summary>Clears an imported (or abandoned) part; one that cannot be cleared now clears itself a day after it was kept.</summary>
    private async Task Forget(IImportPartGrain part)
    {
        try
        {
            await part.Clear();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not clear a part of the historic marks import {Key}; it clears itself within a day", this.GetPrimaryKeyString());
        }
    }

    private async Task Unregister()
    {
        if (await this.GetReminder(Reminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}
