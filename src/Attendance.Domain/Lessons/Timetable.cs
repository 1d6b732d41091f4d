namespace Attendance.Domain;

/// <summary>A period of the school day in which lessons are taught (e.g. Period 1, 09:00 to 10:00).</summary>
public sealed record Period(string Id, string Name, TimeOnly Starts, TimeOnly Ends);

/// <summary>
/// A teaching group: the pupils taught together in a subject (maths set 3, a GCSE option group), which need not be
/// their registration class.
/// </summary>
/// <param name="Pupils">The UPNs of the group's pupils.</param>
public sealed record TeachingGroup(string Id, string Name, string Subject, IReadOnlyList<string> Pupils);

/// <summary>A lesson on the timetable: a group taught by a teacher in a room, in one period of one day of the cycle.</summary>
/// <param name="Week">The week of the timetable cycle (1, or 1 and 2 for a two-week timetable).</param>
/// <param name="Teacher">The teacher's staff code, as on the timetable and in their sign-in's <c>staff</c> claim.</param>
public sealed record TimetabledLesson(string Id, string Group, int Week, DayOfWeek Day, string Period, string Teacher, string Room);

/// <summary>
/// A school's lesson timetable: its periods, teaching groups and lessons over a one- or two-week cycle. Week 1 of
/// the cycle is the week of <see cref="CycleStarts"/>, and weeks alternate by the calendar from there (holidays
/// included), as most schools' two-week timetables do; a school that restarts at week 1 after a holiday imports again.
/// </summary>
/// <param name="CycleWeeks">1, or 2 for a two-week (week A / week B) timetable.</param>
/// <param name="CycleStarts">A day in a week 1 of the cycle; needed for a two-week timetable.</param>
public sealed record Timetable(
    IReadOnlyList<Period> Periods,
    IReadOnlyList<TeachingGroup> Groups,
    IReadOnlyList<TimetabledLesson> Lessons,
    int CycleWeeks = 1,
    DateOnly? CycleStarts = null)
{
    public static Timetable Empty { get; } = new([], [], []);

    /// <summary>The week of the cycle <paramref name="date"/> falls in: 1, or 1 or 2 counted in calendar weeks from <see cref="CycleStarts"/>.</summary>
    public int WeekOf(DateOnly date)
    {
        if (CycleWeeks <= 1 || CycleStarts is not { } start)
        {
            return 1;
        }

        var weeks = (Monday(date).DayNumber - Monday(start).DayNumber) / 7;
        return ((weeks % CycleWeeks) + CycleWeeks) % CycleWeeks + 1;
    }

    /// <summary>
    /// The lessons taught on <paramref name="date"/>, by period, with the day's changes applied (a teacher covering,
    /// a room change). The calendar decides whether the school is open; this says only what the timetable holds.
    /// </summary>
    /// <param name="sessionAt">The register session a period's start falls in (the school's register times).</param>
    public IReadOnlyList<ScheduledLesson> LessonsOn(DateOnly date, IReadOnlyList<LessonChange> changes, Func<TimeOnly, SessionPart> sessionAt)
    {
        var week = WeekOf(date);
        var periods = Periods.ToDictionary(p => p.Id);
        var groups = Groups.ToDictionary(g => g.Id);
        return [.. Lessons
            .Where(l => l.Week == week && l.Day == date.DayOfWeek && periods.ContainsKey(l.Period) && groups.ContainsKey(l.Group))
            .Select(l => ScheduledLesson.Of(l, date, periods[l.Period], groups[l.Group], sessionAt, changes.LastOrDefault(c => c.Date == date && c.LessonId == l.Id)))
            .OrderBy(l => l.Period.Starts).ThenBy(l => l.LessonId, StringComparer.Ordinal)];
    }

    /// <summary>Every problem that stops the timetable being used (nothing about pupils on roll: the school checks those).</summary>
    public IEnumerable<string> Validate()
    {
        if (Periods is null || Groups is null || Lessons is null || Periods.Any(p => p is null) || Groups.Any(g => g is null) || Lessons.Any(l => l is null))
        {
            yield return "A timetable needs 'periods', 'groups' and 'lessons' lists.";
            yield break;
        }

        if (CycleWeeks is not (1 or 2))
        {
            yield return $"The timetable cycle is {CycleWeeks} weeks: use 1, or 2 for a two-week (week A / week B) timetable.";
        }
        else if (CycleWeeks == 2 && CycleStarts is null)
        {
            yield return "A two-week timetable needs cycleStarts: a day in a week 1.";
        }

        foreach (var problem in TimetableChecks.Periods(Periods).Concat(TimetableChecks.Groups(Groups)).Concat(TimetableChecks.Lessons(this)))
        {
            yield return problem;
        }
    }

    /// <summary>The teaching groups a pupil is in.</summary>
    public IEnumerable<TeachingGroup> GroupsOf(string upn) => Groups.Where(g => g.Pupils.Contains(upn));

    internal static DateOnly Monday(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
}

/// <summary>
/// A change to one lesson on one day: another teacher covering it, another room, or both. The timetable itself is
/// unchanged; the lesson's register is taken by (and visible to) the covering teacher that day.
/// </summary>
/// <param name="Teacher">The covering teacher's staff code; null keeps the timetabled teacher.</param>
/// <param name="Room">The room used instead; null keeps the timetabled room.</param>
public sealed record LessonChange(DateOnly Date, string LessonId, string? Teacher, string? Room, string Reason);

/// <summary>A lesson as taught on a day: the timetable's lesson with that day's cover and room.</summary>
/// <param name="Part">The register session the lesson falls in (by the period's start).</param>
/// <param name="TimetabledTeacher">The teacher on the timetable; differs from <see cref="Teacher"/> when the lesson is covered.</param>
public sealed record ScheduledLesson(
    string LessonId,
    DateOnly Date,
    Period Period,
    SessionPart Part,
    string GroupId,
    string GroupName,
    string Subject,
    string Teacher,
    string Room,
    string TimetabledTeacher,
    string? ChangeReason)
{
    public Session Session => new(Date, Part);

    public bool Covered => Teacher != TimetabledTeacher;

    /// <summary>The lesson's one-line description, e.g. "Period 3 Maths (9X Maths set 3), KHA in S12".</summary>
    public string Describe() => $"{Period.Name} {Subject} ({GroupName}), {Teacher} in {Room}";

    internal static ScheduledLesson Of(TimetabledLesson lesson, DateOnly date, Period period, TeachingGroup group, Func<TimeOnly, SessionPart> sessionAt, LessonChange? change) =>
        new(lesson.Id, date, period, sessionAt(period.Starts), group.Id, group.Name, group.Subject, change?.Teacher ?? lesson.Teacher,
            change?.Room ?? lesson.Room, lesson.Teacher, change?.Reason);
}
