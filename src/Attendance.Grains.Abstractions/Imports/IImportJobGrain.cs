namespace Attendance.Grains.Abstractions;

/// <summary>
/// A historic marks import run as a job (key: school/id, <see cref="ImportKeys.Job"/>). The route checks the file,
/// keeps its rows in parts (<see cref="IImportPartGrain"/>) and starts the job; the job imports one part at a time
/// (each pupil's rows in one append) and stores its progress after each part, so a job whose silo stops carries on
/// from its next part when its reminder brings it back. A part that fails is tried again a few times before the job
/// stops as failed. The job's progress is kept for an hour after it ends.
/// </summary>
public interface IImportJobGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts importing the parts kept for this import (0 to <paramref name="parts"/> - 1) and answers the progress.
    /// A job already started is not started again: its own progress is the answer.
    /// </summary>
    Task<ImportProgress> Start(ImportProgress progress, int parts);

    /// <summary>The job's progress; null for a job never started, or ended more than an hour ago.</summary>
    [ReadOnly]
    Task<ImportProgress?> Get();
}
