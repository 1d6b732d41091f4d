using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>
/// One lesson's register on one day (key <c>{school}/{date}/{lesson}</c>): the marks, each change kept, and the
/// pupils known to be elsewhere. Taking it tells each pupil's lessons (<see cref="IPupilLessonsGrain"/>), which
/// raise truancy alerts.
/// </summary>
public interface ILessonRegisterGrain : IGrainWithStringKey
{
    /// <summary>The register as the teacher's screen shows it; null when the lesson is not taught that day.</summary>
    Task<LessonRegister?> Get();

    /// <summary>
    /// Takes the register, or takes it again with changes (a late pupil arriving): each changed mark is a new entry,
    /// the first kept. The same request id sent again answers as the first time and changes nothing. The answer
    /// carries the session codes of the pupils marked absent only (<see cref="Get"/> has everyone's).
    /// </summary>
    Task<Outcome<LessonRegister>> Submit(LessonRegisterSubmission submission);

    /// <summary>
    /// A pupil's latest mark in this lesson, or null (not taken, or not in the lesson). Interleaved: a pupil's lessons
    /// ask it while this register may be waiting on them (taken again at the same moment).
    /// </summary>
    [AlwaysInterleave]
    Task<LessonMark?> MarkOf(string upn);

    /// <summary>The register's state and counts, and the pupils unaccounted for, for the "who is where now" view.</summary>
    [ReadOnly]
    Task<LessonStatus?> GetStatus();
}

[GenerateSerializer, Immutable]
public sealed record LessonRegisterSubmission(Staff TakenBy, IReadOnlyList<LessonMark> Marks, string? RequestId = null)
{
    /// <summary>The marks in a canonical form, to tell a resend from another register under the same key.</summary>
    public string Body => string.Join(";", Marks.OrderBy(m => m.Upn, StringComparer.Ordinal).Select(m => $"{m.Upn}={m.Presence}:{m.MinutesLate}"));
}

/// <summary>A pupil's line in a lesson register.</summary>
/// <param name="SessionCode">The pupil's mark for the session at registration, when there is one.</param>
/// <param name="Elsewhere">Where the register says the pupil is instead (e.g. "Absent: illness (I)"), for a pupil not expected in the lesson.</param>
/// <param name="Changed">The mark was changed after the register was first taken (the first entry is kept).</param>
[GenerateSerializer, Immutable]
public sealed record LessonLine(string Upn, string Name, string ClassId, LessonMark? Mark, bool Changed, string? SessionCode, string? Elsewhere);

[GenerateSerializer, Immutable]
public sealed record LessonRegister(ScheduledLesson Lesson, RegisterState State, Staff? TakenBy, DateTimeOffset? TakenAt, IReadOnlyList<LessonLine> Lines);

/// <summary>A lesson's register at a glance: taken or not, the counts, and pupils absent while in school at registration.</summary>
[GenerateSerializer, Immutable]
public sealed record LessonStatus(ScheduledLesson Lesson, RegisterState State, int Pupils, int Present, int Late, int Absent, IReadOnlyList<string> Unaccounted);
