using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>
/// A school's lesson timetable and the day's changes to it (cover, room changes): which lessons are taught on a
/// day, by whom and where, and who is in them.
/// </summary>
public interface ITimetableGrain : IGrainWithStringKey
{
    /// <summary>What importing the timetable would change, or every problem with it (pupils not on roll included); changes nothing.</summary>
    [ReadOnly]
    Task<Outcome<TimetablePreview>> Preview(Timetable timetable);

    /// <summary>Replaces the timetable from now on (lesson registers already taken keep the lesson they were taken for), or refuses it whole.</summary>
    Task<Outcome<TimetablePreview>> Import(Timetable timetable, Staff by);

    [ReadOnly]
    Task<Timetable?> Get();

    /// <summary>A teacher covering a lesson, or a room change, for one day; refused for a lesson not taught that day.</summary>
    Task<Outcome<ScheduledLesson>> Change(LessonChange change, Staff by);

    /// <summary>The lessons taught on a day, by period (none on a day the school is closed).</summary>
    [ReadOnly]
    Task<IReadOnlyList<ScheduledLesson>> LessonsOn(DateOnly date);

    /// <summary>One lesson on a day with its pupils, or null when it is not taught that day.</summary>
    [ReadOnly]
    Task<LessonPlan?> Lesson(DateOnly date, string lessonId);

    /// <summary>A pupil's lessons on a day, by period: where they should be.</summary>
    [ReadOnly]
    Task<IReadOnlyList<ScheduledLesson>> LessonsOf(string upn, DateOnly date);

    /// <summary>
    /// Who is where at a time of the school day: the lessons of the period under way (or the latest begun), each
    /// register's state, whether it is overdue, and the pupils unaccounted for (absent from a lesson while in school).
    /// </summary>
    [ReadOnly]
    Task<LessonsNow> Now(DateOnly date, TimeOnly time);
}

/// <param name="Overdue">Not taken by the policy's minutes into the lesson.</param>
[GenerateSerializer, Immutable]
public sealed record LessonNow(LessonStatus Status, bool Overdue);

/// <summary>A pupil absent from the lesson they should be in while in school at registration: to be found.</summary>
[GenerateSerializer, Immutable]
public sealed record UnaccountedPupil(string Upn, string Name, string ClassId, string LessonId, string Subject, string Room);

/// <summary>The lessons of one period and the pupils unaccounted for in it.</summary>
/// <param name="Period">The period under way at <paramref name="Time"/>, or the latest begun; null before the first.</param>
[GenerateSerializer, Immutable]
public sealed record LessonsNow(DateOnly Date, TimeOnly Time, Period? Period, IReadOnlyList<LessonNow> Lessons, IReadOnlyList<UnaccountedPupil> Unaccounted);

/// <summary>What a timetable holds, and how it differs from the one in use.</summary>
/// <param name="PupilsWithoutLessons">Pupils on roll in no teaching group (a new pupil not yet timetabled, or a missing group).</param>
[GenerateSerializer, Immutable]
public sealed record TimetablePreview(
    int Periods,
    int Groups,
    int Lessons,
    int Pupils,
    IReadOnlyList<string> LessonsAdded,
    IReadOnlyList<string> LessonsChanged,
    IReadOnlyList<string> LessonsRemoved,
    IReadOnlyList<string> PupilsWithoutLessons);

/// <summary>
/// A lesson on a day with what its register needs: the group's pupils (with their names, class and year group as the
/// roll has them), and for each the lessons they have in the same session (so a pupil who attends none of them can be
/// told apart from one who missed one).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LessonPlan(
    ScheduledLesson Lesson, IReadOnlyList<string> Pupils, IReadOnlyDictionary<string, IReadOnlyList<string>> SessionLessons, IReadOnlyDictionary<string, PupilListing> Listings);
