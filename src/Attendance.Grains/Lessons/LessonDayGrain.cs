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

[SchoolPlacement]
public sealed class LessonDayGrain([PersistentState("lessonday", StorageNames.Attendance)] IPersistentState<LessonDayState> state) : Grain, ILessonDayGrain
{
    public async Task Recorded(LessonDayRecord record)
    {
        state.State.Lessons[record.Lesson.LessonId] = record;
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<LessonDayRecord>> Get() => Task.FromResult<IReadOnlyList<LessonDayRecord>>([.. state.State.Lessons.Values]);
}
