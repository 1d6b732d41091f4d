using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>
/// One pupil's lessons (key <c>{school}/{upn}</c>): the lesson marks that matter for truancy, read against their session mark,
/// raising a truancy alert the moment a pupil in school misses a lesson and closing it when a later lesson sees them;
/// truancy patterns by subject and teacher; and the office's flag for a pupil present at registration and at no lesson.
/// </summary>
public interface IPupilLessonsGrain : IGrainWithStringKey
{
    /// <summary>
    /// A lesson register marked the pupil absent, or present while a truancy alert of theirs is open, or changed an
    /// absence (see <see cref="ILessonRegisterGrain"/>). Sent again (the same lesson), it replaces the earlier mark.
    /// </summary>
    Task LessonMarked(LessonAttendance attendance);

    /// <summary>
    /// The office amended the pupil's session to a code saying they are not in school: the session's truancy alert,
    /// if one is open, is closed with the amendment as its resolution.
    /// </summary>
    [OneWay]
    Task SessionAmended(RegisterEntry amendment);

}

/// <summary>A pupil's mark in one lesson, with what the lesson register knew when it was taken.</summary>
/// <param name="SessionCode">The pupil's session mark when the lesson register was taken (null: not registered yet).</param>
/// <param name="SessionLessons">The lessons the pupil has in that session (for "present at no lesson").</param>
[GenerateSerializer, Immutable]
public sealed record LessonAttendance(
    ScheduledLesson Lesson, string Upn, string Name, string ClassId, LessonMark Mark, Staff By, DateTimeOffset At, string? SessionCode, IReadOnlyList<string> SessionLessons);

/// <summary>A lesson the pupil was marked in.</summary>
[GenerateSerializer, Immutable]
public sealed record LessonSeen(ScheduledLesson Lesson, LessonMark Mark, DateTimeOffset At);
