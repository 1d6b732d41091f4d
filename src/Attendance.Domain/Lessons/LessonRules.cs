namespace Attendance.Domain;

/// <summary>What a lesson absence means, read against the pupil's mark for the session.</summary>
public enum LessonAbsence
{
    /// <summary>Present or late at registration, and not in the lesson: post-registration truancy (seed 002 §8).</summary>
    Truancy,

    /// <summary>The session has a mark saying where the pupil is instead (an absence with its reason, a trip, another provision).</summary>
    KnownElsewhere,

    /// <summary>The session's register has no mark for the pupil yet: nothing says they were in school.</summary>
    NotRegistered,
}

/// <summary>
/// Lesson registers against the legal register (docs/RULES.md, "Lessons"). The legal register stays the AM and PM
/// sessions; a lesson mark never changes it. A pupil present at registration and absent from a lesson is treated as
/// truanting (seed 002 §8) and raises an alert at once; repeated truancy from one subject or one teacher within
/// <see cref="PatternWeeks"/> becomes a pattern alert; a pupil present at registration who attended none of the
/// session's lessons is flagged for the office, because the register must not say present for a pupil not in school.
/// </summary>
/// <param name="PatternLessons">Lessons missed while in school from one subject, or one teacher's lessons, that make a pattern (the count is reached, not passed: one alert).</param>
/// <param name="PatternWeeks">The rolling window, in calendar weeks ending on the day of the latest missed lesson.</param>
/// <param name="RegisterDueMinutes">Minutes into a lesson after which a register not taken shows as overdue.</param>
public sealed record LessonRules(int PatternLessons = 3, int PatternWeeks = 6, int RegisterDueMinutes = 10)
{
    /// <summary>Whether a session's code says the pupil was in school at registration: present or late.</summary>
    public static bool InSchool(string? sessionCode) =>
        sessionCode is not null && NationalCodes.TryGet(sessionCode, out var code) && code.Category == AttendanceCategory.Present;

    /// <summary>What an absence from a lesson means given the session's code (null: not yet marked).</summary>
    public static LessonAbsence Explain(string? sessionCode) =>
        sessionCode is null ? LessonAbsence.NotRegistered : InSchool(sessionCode) ? LessonAbsence.Truancy : LessonAbsence.KnownElsewhere;

    /// <summary>
    /// Whether a pupil present at registration attended none of the session's lessons: every lesson they were expected
    /// at has a mark, and none is present or late. Until the last expected lesson is marked there is nothing to say.
    /// </summary>
    public static bool PresentAtNoLesson(string? sessionCode, IReadOnlyCollection<string> expectedLessons, IReadOnlyDictionary<string, LessonMark> marks) =>
        InSchool(sessionCode)
        && expectedLessons.Count > 0
        && expectedLessons.All(marks.ContainsKey)
        && !expectedLessons.Any(id => marks[id].Attended);

    /// <summary>
    /// The patterns the latest missed lesson completes, as keys (<c>subject:Maths</c>, <c>teacher:KHA</c>): at least
    /// <see cref="PatternLessons"/> missed lessons from that subject or teacher within the window ending on its day,
    /// and no alert for the same pattern raised within that window (so one pattern is one alert, however many lessons
    /// follow it, and a pattern that comes back after the window is raised again).
    /// </summary>
    /// <param name="missed">Every missed lesson the pupil has, the latest included.</param>
    /// <param name="raised">The day each pattern was last raised for the pupil.</param>
    public IReadOnlyList<string> PatternsCompleted(IReadOnlyCollection<MissedLesson> missed, MissedLesson latest, IReadOnlyDictionary<string, DateOnly> raised)
    {
        var from = latest.Date.AddDays(-7 * PatternWeeks + 1);
        var inWindow = missed.Where(m => m.Date >= from && m.Date <= latest.Date).ToList();
        return [.. new[] { (Key: PatternKey("subject", latest.Subject), Count: inWindow.Count(m => m.Subject == latest.Subject)),
                (Key: PatternKey("teacher", latest.Teacher), Count: inWindow.Count(m => m.Teacher == latest.Teacher)) }
            .Where(p => p.Count >= PatternLessons && !(raised.TryGetValue(p.Key, out var day) && day >= from))
            .Select(p => p.Key)];
    }

    private static string PatternKey(string by, string value) => $"{by}:{value}";

    /// <summary>Whether a lesson's register, not yet taken, is overdue at <paramref name="now"/> (the school's time).</summary>
    public bool Overdue(ScheduledLesson lesson, TimeOnly now) => now >= lesson.Period.Starts.AddMinutes(RegisterDueMinutes);

    public IEnumerable<string> Validate() => Counts.AtLeastOne(
        "Lessons: the",
        ("lessons missed that make a pattern", PatternLessons), ("weeks a pattern is counted over", PatternWeeks),
        ("minutes before a lesson register is overdue", RegisterDueMinutes));
}
