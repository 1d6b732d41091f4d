namespace Attendance.Domain;

/// <summary>
/// A pupil's presence at a lesson, as the teacher records it with one tap. Numbered from 1: a missing or unknown
/// number is refused, never read as "present".
/// </summary>
public enum LessonPresence
{
    Present = 1,
    Late = 2,
    Absent = 3,
}

/// <summary>A mark in a lesson register as sent: the pupil, their presence, and for a late arrival how many minutes late.</summary>
public sealed record LessonMark(string Upn, LessonPresence Presence, int? MinutesLate = null)
{
    /// <summary>Why this mark cannot be recorded in a lesson of <paramref name="period"/>, or null when it can.</summary>
    public string? Problem(Period period)
    {
        if (!Enum.IsDefined(Presence))
        {
            return $"Pupil {Upn}: '{(int)Presence}' is not a lesson mark (present, late or absent).";
        }

        var length = (int)(period.Ends - period.Starts).TotalMinutes;
        return (Presence, MinutesLate) switch
        {
            (LessonPresence.Late, null) => $"Pupil {Upn} is marked late: say how many minutes late.",
            (LessonPresence.Late, < 1) => $"Pupil {Upn} is marked late by {MinutesLate} minutes: late is at least 1 minute.",
            (LessonPresence.Late, var minutes) when minutes >= length =>
                $"Pupil {Upn} is marked {minutes} minutes late to a {length}-minute lesson: mark them absent instead.",
            (not LessonPresence.Late, not null) => $"Pupil {Upn} has minutes late but is marked {Presence.ToString().ToLowerInvariant()}.",
            _ => null,
        };
    }

    /// <summary>Whether the pupil was in the lesson (late included).</summary>
    public bool Attended => Presence is LessonPresence.Present or LessonPresence.Late;
}

/// <summary>
/// One entry of a lesson register, as kept: the mark, who recorded it and when, and for a change the reason. Entries
/// are only ever added, so a changed mark keeps the original.
/// </summary>
public sealed record LessonEntry(LessonMark Mark, Staff RecordedBy, DateTimeOffset RecordedAt, string? ChangeReason = null);

/// <summary>A lesson a pupil was marked absent from while in school: what post-registration truancy patterns are counted over.</summary>
public sealed record MissedLesson(DateOnly Date, string LessonId, string Subject, string Teacher);
