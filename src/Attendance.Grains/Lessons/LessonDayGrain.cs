using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Hosting;
using Attendance.Grains.Schools;

namespace Attendance.Grains.Lessons;

[GenerateSerializer]
public sealed class LessonDayState
{
    [Id(0)] public Dictionary<string, LessonDayRecord> Lessons { get; set; } = [];
}

/// <summary>
/// The day's lesson records for reports. A period's registers arrive together, and each write stores the whole day,
/// so records are committed in groups: a record that arrives while a write is under way joins the next one, and every
/// caller is answered when the write holding its record is done (one write for many registers, none answered early).
/// A record arriving during a write waits apart from the stored state, which is never changed while the storage
/// provider may be serializing it.
/// </summary>
[SchoolPlacement]
public sealed class LessonDayGrain([PersistentState("lessonday", StorageNames.Attendance)] IPersistentState<LessonDayState> state) : Grain, ILessonDayGrain
{
    // The records waiting for the next write, the write under way, and the next one.
    private readonly Dictionary<string, LessonDayRecord> arriving = [];
    private Task writing = Task.CompletedTask;
    private Task? next;

    public Task Recorded(LessonDayRecord record)
    {
        arriving[record.Lesson.LessonId] = record;
        return next ??= WriteAfter(writing);
    }

    public Task<IReadOnlyList<LessonDayRecord>> Get() => Task.FromResult<IReadOnlyList<LessonDayRecord>>(
        [.. state.State.Lessons.Where(l => !arriving.ContainsKey(l.Key)).Select(l => l.Value), .. arriving.Values]);

    private async Task WriteAfter(Task previous)
    {
        await Task.Yield(); // always after the caller has kept this task as the next write
        try
        {
            await previous;
        }
        catch
        {
            // that write's failure is its own callers'; this one writes everything again
        }

        next = null; // records from here on wait for the write after this one
        foreach (var (lessonId, record) in arriving)
        {
            state.State.Lessons[lessonId] = record;
        }

        arriving.Clear();
        writing = state.WriteStateAsync();
        await writing;
    }
}
