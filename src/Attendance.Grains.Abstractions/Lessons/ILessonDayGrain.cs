using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>
/// A school's lesson registers of one day (key <c>{school}/{date}</c>) as lesson reports read them: each lesson with
/// its pupils' latest marks, kept as registers are taken, so a report over a term reads one grain per school day.
/// </summary>
public interface ILessonDayGrain : IGrainWithStringKey
{
    /// <summary>
    /// A lesson's register was taken (or taken again): its record replaces the earlier one; answered once written.
    /// Interleaved, so the records of registers taken together are written together.
    /// </summary>
    [AlwaysInterleave]
    Task Recorded(LessonDayRecord record);

    [ReadOnly]
    Task<IReadOnlyList<LessonDayRecord>> Get();
}
