using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Hosting;
using Attendance.Grains.Schools;

namespace Attendance.Grains.Lessons;

[GenerateSerializer]
public sealed class TimetableState
{
    [Id(0)] public Timetable? Timetable { get; set; }

    /// <summary>The day's changes (cover, rooms), kept for <see cref="TimetableGrain.ChangesKeptDays"/> days.</summary>
    [Id(1)] public List<LessonChange> Changes { get; set; } = [];
}

[SchoolPlacement]
public sealed class TimetableGrain(
    [PersistentState("timetable", StorageNames.Attendance)] IPersistentState<TimetableState> state,
    [FromKeyedServices(SchoolClock.Key)] TimeProvider clock) : Grain, ITimetableGrain
{
    // Changes are for a day; a term's worth is kept so a register taken late, or looked back at, shows who taught it.
    internal const int ChangesKeptDays = 120;

    // What the day's registers and every teacher's access check ask for again and again, kept for a minute: the day's
    // lessons, and the roll's names. An import or a change clears them; a calendar or roster change shows within it.
    private static readonly TimeSpan Kept = TimeSpan.FromMinutes(1);
    private readonly Dictionary<DateOnly, (long At, IReadOnlyList<ScheduledLesson> Lessons)> days = [];
    private (long At, Dictionary<string, PupilListing> Pupils)? roll;

    private string SchoolId => this.GetPrimaryKeyString();

    private Timetable Current => state.State.Timetable ?? Timetable.Empty;

    public async Task<Outcome<TimetablePreview>> Preview(Timetable timetable)
    {
        var onRoll = (await School.GetPupils()).Select(p => p.Upn).ToHashSet(StringComparer.Ordinal);
        var problems = timetable.Validate().ToList();
        if (problems.Count == 0)
        {
            problems.AddRange(timetable.Groups.SelectMany(g => g.Pupils.Where(upn => !onRoll.Contains(upn))
                .Select(upn => $"Teaching group '{g.Id}' lists pupil {upn}, who is not on roll (import the roster first).")));
        }

        if (problems.Count > 0)
        {
            return Rejection.NotImported(RejectionReason.InvalidTimetable, problems);
        }

        var before = Current.Lessons.ToDictionary(l => l.Id);
        var after = timetable.Lessons.ToDictionary(l => l.Id);
        var grouped = timetable.Groups.SelectMany(g => g.Pupils).ToHashSet(StringComparer.Ordinal);
        return new TimetablePreview(
            timetable.Periods.Count, timetable.Groups.Count, timetable.Lessons.Count, grouped.Count,
            [.. after.Keys.Where(id => !before.ContainsKey(id)).Order(StringComparer.Ordinal)],
            [.. after.Values.Where(l => before.TryGetValue(l.Id, out var was) && was != l).Select(l => l.Id).Order(StringComparer.Ordinal)],
            [.. before.Keys.Where(id => !after.ContainsKey(id)).Order(StringComparer.Ordinal)],
            [.. onRoll.Where(upn => !grouped.Contains(upn)).Order(StringComparer.Ordinal)]);
    }

    public async Task<Outcome<TimetablePreview>> Import(Timetable timetable, Staff by)
    {
        if (Rejection.WithoutStaff(by, "importing the timetable") is { } noStaff)
        {
            return noStaff;
        }

        var preview = await Preview(timetable);
        if (preview.Rejection is null)
        {
            state.State.Timetable = timetable;
            await state.WriteStateAsync();
            days.Clear();
        }

        return preview;
    }

    public Task<Timetable?> Get() => Task.FromResult(state.State.Timetable);

    public async Task<Outcome<ScheduledLesson>> Change(LessonChange change, Staff by)
    {
        if (Rejection.WithoutStaff(by, "changing the lesson") is { } noStaff)
        {
            return noStaff;
        }

        if (string.IsNullOrWhiteSpace(change.Teacher) && string.IsNullOrWhiteSpace(change.Room) || string.IsNullOrWhiteSpace(change.Reason))
        {
            return new Rejection(RejectionReason.InvalidRequest, "A lesson change needs a covering teacher's staff code or a room, or both, and a reason.", ["teacher", "room", "reason"]);
        }

        if ((await Scheduled(change.Date, [])).All(l => l.LessonId != change.LessonId))
        {
            return LessonRejections.NotTaught(change.Date, change.LessonId);
        }

        var trimmed = change with { Teacher = Blank(change.Teacher), Room = Blank(change.Room), Reason = change.Reason.Trim() };
        var oldest = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(-ChangesKeptDays);
        state.State.Changes.RemoveAll(c => c.Date < oldest || (c.Date == change.Date && c.LessonId == change.LessonId));
        state.State.Changes.Add(trimmed);
        await state.WriteStateAsync();
        days.Clear();
        return (await LessonsOn(change.Date)).First(l => l.LessonId == change.LessonId);
    }

    public async Task<IReadOnlyList<ScheduledLesson>> LessonsOn(DateOnly date)
    {
        if (days.TryGetValue(date, out var kept) && Environment.TickCount64 - kept.At < Kept.TotalMilliseconds)
        {
            return kept.Lessons;
        }

        var lessons = await Scheduled(date, state.State.Changes);
        days[date] = (Environment.TickCount64, lessons);
        return lessons;
    }

    public async Task<LessonPlan?> Lesson(DateOnly date, string lessonId)
    {
        var day = await LessonsOn(date);
        if (day.FirstOrDefault(l => l.LessonId == lessonId) is not { } lesson)
        {
            return null;
        }

        var groups = Current.Groups.ToDictionary(g => g.Id);
        var pupils = groups[lesson.GroupId].Pupils;
        var members = pupils.ToHashSet(StringComparer.Ordinal);
        var sessionLessons = day.Where(l => l.Part == lesson.Part)
            .SelectMany(l => groups[l.GroupId].Pupils.Where(members.Contains).Select(upn => (upn, l.LessonId)))
            .GroupBy(p => p.upn)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(p => p.LessonId)]);
        var listings = await Roll();
        return new LessonPlan(lesson, pupils, sessionLessons, pupils.Where(listings.ContainsKey).ToDictionary(upn => upn, upn => listings[upn]));
    }

    private async Task<Dictionary<string, PupilListing>> Roll()
    {
        if (roll is not { } kept || Environment.TickCount64 - kept.At >= Kept.TotalMilliseconds)
        {
            roll = kept = (Environment.TickCount64, (await School.GetPupils()).ToDictionary(p => p.Upn));
        }

        return kept.Pupils;
    }

    public async Task<IReadOnlyList<ScheduledLesson>> LessonsOf(string upn, DateOnly date)
    {
        var groups = Current.GroupsOf(upn).Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        return [.. (await LessonsOn(date)).Where(l => groups.Contains(l.GroupId))];
    }

    public async Task<LessonsNow> Now(DateOnly date, TimeOnly time)
    {
        var day = await LessonsOn(date);
        var period = day.Select(l => l.Period).Where(p => p.Starts <= time).DistinctBy(p => p.Id).MaxBy(p => p.Starts);
        if (period is null)
        {
            return new LessonsNow(date, time, null, [], []);
        }

        var rules = (await School.GetPolicy())?.Policy.Lessons ?? new LessonRules();
        var statuses = await Task.WhenAll(day.Where(l => l.Period.Id == period.Id)
            .Select(l => GrainFactory.GetLessonRegister(SchoolId, date, l.LessonId).GetStatus()));
        var lessons = statuses.OfType<LessonStatus>()
            .Select(s => new LessonNow(s, s.State == RegisterState.NotStarted && rules.Overdue(s.Lesson, time)))
            .OrderByDescending(l => l.Overdue).ThenBy(l => l.Status.Lesson.Room, StringComparer.Ordinal).ToList();
        var pupils = lessons.Any(l => l.Status.Unaccounted.Count > 0) ? (await School.GetPupils()).ToDictionary(p => p.Upn) : [];
        var unaccounted = lessons.SelectMany(l => l.Status.Unaccounted.Select(upn => new UnaccountedPupil(
                upn, pupils.GetValueOrDefault(upn)?.Name ?? upn, pupils.GetValueOrDefault(upn)?.ClassId ?? "", l.Status.Lesson.LessonId, l.Status.Lesson.Subject, l.Status.Lesson.Room)))
            .OrderBy(p => p.Name, StringComparer.CurrentCulture).ToList();
        return new LessonsNow(date, time, period, lessons, unaccounted);
    }

    /// <summary>The timetable's lessons on a day the school is open for them (closed sessions have none).</summary>
    private async Task<IReadOnlyList<ScheduledLesson>> Scheduled(DateOnly date, IReadOnlyList<LessonChange> changes)
    {
        if (state.State.Timetable is not { } timetable || await School.GetSettings() is not { } settings)
        {
            return [];
        }

        return [.. timetable.LessonsOn(date, changes, settings.SessionTimes.SessionAt).Where(l => settings.Calendar.IsOpen(l.Session))];
    }

    private ISchoolGrain School => GrainFactory.GetGrain<ISchoolGrain>(SchoolId);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
