using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Hosting;
using Attendance.Grains.Schools;

namespace Attendance.Grains.Lessons;

[GenerateSerializer]
public sealed class PupilLessonsState
{
    /// <summary>The lessons of the last <see cref="PupilLessonsGrain.DaysKept"/> days, by lesson id.</summary>
    [Id(0)] public Dictionary<DateOnly, Dictionary<string, LessonSeen>> Days { get; set; } = [];

    /// <summary>Lessons missed while in school over the last year: what patterns are counted over.</summary>
    [Id(1)] public List<MissedLesson> Missed { get; set; } = [];

    /// <summary>The day each truancy pattern (<c>subject:Maths</c>, <c>teacher:KHA</c>) was last raised.</summary>
    [Id(2)] public Dictionary<string, DateOnly> PatternsRaised { get; set; } = [];

    /// <summary>The open truancy alert of each session, until a later lesson sees the pupil.</summary>
    [Id(3)] public Dictionary<Session, string> OpenTruancy { get; set; } = [];

    /// <summary>Sessions already flagged to the office as present at registration and at no lesson.</summary>
    [Id(4)] public HashSet<Session> Flagged { get; set; } = [];
}

[SchoolPlacement]
public sealed class PupilLessonsGrain(
    [PersistentState("lessons", StorageNames.Attendance)] IPersistentState<PupilLessonsState> state,
    [FromKeyedServices(SchoolClock.Key)] TimeProvider clock) : Grain, IPupilLessonsGrain
{
    internal const int DaysKept = 14;
    private const int MissedKeptDays = 366;

    private const string TruancyAction =
        "Find the pupil now: ask the lesson's teacher and check the rooms nearby, tell the head of year, and call home if they are not found. Record it as truancy under the behaviour policy (seed 002 §8).";

    // The school's settings as read for the mark being handled (its time zone for the times alerts give).
    private SchoolSettings? settings;

    private string SchoolId => GrainKeys.Split(this.GetPrimaryKeyString()).SchoolId;

    public async Task LessonMarked(LessonAttendance attendance)
    {
        var lesson = attendance.Lesson;
        var day = state.State.Days.TryGetValue(lesson.Date, out var found) ? found : state.State.Days[lesson.Date] = [];
        if (day.TryGetValue(lesson.LessonId, out var before) && before.Mark == attendance.Mark)
        {
            return; // the register told us again (a resend): already done
        }

        day[lesson.LessonId] = new LessonSeen(lesson, attendance.Mark, attendance.At);
        var missed = new MissedLesson(lesson.Date, lesson.LessonId, lesson.Subject, lesson.Teacher);
        var corrected = state.State.Missed.Remove(missed);
        var truancy = !attendance.Mark.Attended && LessonRules.Explain(attendance.SessionCode) == LessonAbsence.Truancy;
        if (!truancy && !corrected && !(attendance.Mark.Attended && state.State.OpenTruancy.Keys.Any(s => s.Date == lesson.Date)))
        {
            // Known to be elsewhere, with nothing open: kept in memory only. Lost with the activation, such a mark can
            // only make a lesson look unmarked here, never a pupil look absent.
            return;
        }

        var school = GrainFactory.GetGrain<ISchoolGrain>(SchoolId);
        settings = await school.GetSettings();
        var policy = (await school.GetPolicy())?.Policy ?? AttendancePolicy.Default;
        Prune(lesson.Date);

        var alerts = GrainFactory.GetGrain<IAlertInboxGrain>(SchoolId);
        if (attendance.Mark.Attended)
        {
            // The alerts are closed before the one write: a crash in between leaves an alert closed that this grain
            // still counts open, and closing it again (the next lesson that sees the pupil) changes nothing.
            await Seen(attendance, alerts);
            await state.WriteStateAsync();
        }
        else if (truancy)
        {
            state.State.Missed.Add(missed);
            var patterns = policy.Lessons.PatternsCompleted(state.State.Missed, missed, state.State.PatternsRaised);
            foreach (var pattern in patterns)
            {
                state.State.PatternsRaised[pattern] = lesson.Date;
            }

            var alertId = state.State.OpenTruancy.GetValueOrDefault(lesson.Session);
            state.State.OpenTruancy[lesson.Session] = alertId ?? TruancyId(attendance);
            await state.WriteStateAsync();
            await Missing(attendance, alertId, alerts, policy);
            foreach (var pattern in patterns)
            {
                await alerts.Raise(Pattern(attendance, pattern, policy));
            }
        }
        else
        {
            await state.WriteStateAsync(); // a missed lesson corrected to one known elsewhere
        }

        await Reconcile(attendance, policy.FollowUp);
    }

    public async Task SessionAmended(RegisterEntry amendment)
    {
        if (!state.State.OpenTruancy.Remove(amendment.Session, out var alertId))
        {
            return;
        }

        await state.WriteStateAsync();
        var meaning = NationalCodes.TryGet(amendment.Code, out var code) ? code.Meaning : amendment.Code;
        await GrainFactory.GetGrain<IAlertInboxGrain>(SchoolId).Resolve(alertId,
            $"The register was amended to {amendment.Code} ({meaning}) by {amendment.RecordedBy.Name}: {amendment.AmendmentReason}.", amendment.RecordedBy);
    }

    /// <summary>A lesson saw the pupil: the day's truancy alerts from lessons at or before it are closed (the caller saves).</summary>
    private async Task Seen(LessonAttendance attendance, IAlertInboxGrain alerts)
    {
        var lesson = attendance.Lesson;
        var closing = state.State.OpenTruancy.Where(t => t.Key.Date == lesson.Date && t.Key.Part <= lesson.Part
            && (LatestMissed(t.Key)?.Period.Starts ?? TimeOnly.MinValue) <= lesson.Period.Starts).ToList();
        if (closing.Count == 0)
        {
            return;
        }

        var how = attendance.Mark.Presence == LessonPresence.Late ? $"late ({attendance.Mark.MinutesLate} minutes)" : "present";
        foreach (var (session, alertId) in closing)
        {
            state.State.OpenTruancy.Remove(session);
            await alerts.Resolve(alertId, $"Seen in {lesson.Describe()}: marked {how} by {attendance.By.Name} at {Local(attendance.At):HH\\:mm}.", attendance.By);
        }
    }

    /// <summary>Raises the session's truancy alert, or adds this lesson to the one already open.</summary>
    private async Task Missing(LessonAttendance attendance, string? openAlert, IAlertInboxGrain alerts, AttendancePolicy policy)
    {
        var lesson = attendance.Lesson;
        var missedToday = state.State.Days[lesson.Date].Values
            .Where(s => s.Lesson.Part == lesson.Part && !s.Mark.Attended && state.State.Missed.Contains(new MissedLesson(s.Lesson.Date, s.Lesson.LessonId, s.Lesson.Subject, s.Lesson.Teacher)))
            .OrderBy(s => s.Lesson.Period.Starts).Select(s => s.Lesson.Describe()).ToList();
        var summary = $"{attendance.Name} ({attendance.ClassId}) was registered in school ({attendance.SessionCode}) but is missing from {string.Join(" and ", missedToday)}. Last seen: {await LastSeen(attendance)}.";
        var what = $"Marked absent from {lesson.Describe()} by {attendance.By.Name} at {Local(attendance.At):HH\\:mm}.";
        if (openAlert is not null)
        {
            await alerts.Extend(openAlert, summary, what);
            return;
        }

        var alert = AttendanceAlert.Raise(
            TruancyId(attendance), SchoolId, attendance.Upn, attendance.Name, attendance.ClassId, CrossingKind.PostRegistrationTruancy,
            "In school", $"Missing from {lesson.Period.Name}", TruancyAction, summary, clock.GetUtcNow(),
            policy.TrustAlerts.Contains(CrossingKind.PostRegistrationTruancy)) with { Trail = [new AlertNote(clock.GetUtcNow(), "Attendance.Orleans", what)] };
        await alerts.Raise(alert);
        if ((await GrainFactory.GetGrain<IDutyGrain>(SchoolId).OnDuty()).Count > 0)
        {
            await GrainFactory.GetGrain<IMessageOutboxGrain>(SchoolId).Queue([StaffOnDuty.Notification(alert)]);
        }
    }

    private AttendanceAlert Pattern(LessonAttendance attendance, string pattern, AttendancePolicy policy)
    {
        var lesson = attendance.Lesson;
        var (by, value) = (pattern[..pattern.IndexOf(':')], pattern[(pattern.IndexOf(':') + 1)..]);
        var rules = policy.Lessons;
        var from = lesson.Date.AddDays(-7 * rules.PatternWeeks + 1);
        var lessons = state.State.Missed.Where(m => m.Date >= from && (by == "subject" ? m.Subject == value : m.Teacher == value)).OrderBy(m => m.Date).ToList();
        var what = by == "subject" ? $"{value} lessons" : $"lessons taught by {value}";
        return AttendanceAlert.Raise(
            $"{attendance.Upn}-truancy-pattern-{pattern}-{lesson.Date:yyyy-MM-dd}", SchoolId, attendance.Upn, attendance.Name, attendance.ClassId,
            CrossingKind.TruancyPattern, "No pattern", $"{lessons.Count} {what} missed",
            $"Meet the pupil and their parents about missing {what} while in school: look for the cause in those lessons (work, relationships, bullying) and agree support (seed 002 §8).",
            $"{attendance.Name} ({attendance.ClassId}) has missed {lessons.Count} {what} while in school in {rules.PatternWeeks} weeks: {string.Join(", ", lessons.Select(m => $"{m.Date:ddd d MMM}"))}.",
            clock.GetUtcNow(), policy.TrustAlerts.Contains(CrossingKind.TruancyPattern));
    }

    /// <summary>
    /// Once every lesson of the session is marked, a pupil present at registration who attended none of them is
    /// flagged to the office (once per session): the register must not say present for a pupil not in school.
    /// </summary>
    private async Task Reconcile(LessonAttendance attendance, FollowUpRules rules)
    {
        var session = attendance.Lesson.Session;
        var marks = state.State.Days[session.Date].Values.Where(s => s.Lesson.Part == session.Part).ToDictionary(s => s.Lesson.LessonId, s => s.Mark);
        if (state.State.Flagged.Contains(session) || !LessonRules.PresentAtNoLesson(attendance.SessionCode, attendance.SessionLessons, marks))
        {
            return;
        }

        state.State.Flagged.Add(session);
        await state.WriteStateAsync();
        var pupil = await GrainFactory.GetPupil(SchoolId, attendance.Upn).GetDetails();
        await GrainFactory.GetGrain<IFollowUpGrain>(SchoolId).Add([new FollowUpTask(
            $"reconcile-{attendance.Upn}-{session}", SchoolId, FollowUpKind.ReconcileRegister, SchoolId, attendance.Upn, attendance.Name, attendance.ClassId, session,
            $"{attendance.Name} is marked '{attendance.SessionCode}' (in school) for {session} but attended none of its {attendance.SessionLessons.Count} lesson(s). Find out where they were; if they were not in school, amend the mark with the reason.",
            clock.GetUtcNow(), SchoolSettings.InstantOf(session.Date.ToDateTime(rules.SameDayBy), TimeZone), pupil?.Flags ?? new PupilFlags(), pupil?.Contacts ?? [],
            NextContact: 0, Calls: [], Closed: null)]);
    }

    /// <summary>The last lesson the pupil attended that day before this one, or registration.</summary>
    private async Task<string> LastSeen(LessonAttendance attendance)
    {
        // Lessons attended are not told to the pupil (registers tell absences), so their registers are asked.
        var lesson = attendance.Lesson;
        var earlier = (await GrainFactory.GetGrain<ITimetableGrain>(SchoolId).LessonsOf(attendance.Upn, lesson.Date)).Where(l => l.Period.Starts < lesson.Period.Starts);
        foreach (var seen in earlier.OrderByDescending(l => l.Period.Starts))
        {
            if ((await GrainFactory.GetLessonRegister(SchoolId, seen.Date, seen.LessonId).MarkOf(attendance.Upn))?.Attended == true)
            {
                return $"{seen.Period.Name} {seen.Subject}, room {seen.Room}";
            }
        }

        return $"registration ({lesson.Part})";
    }

    private ScheduledLesson? LatestMissed(Session session) => state.State.Days.GetValueOrDefault(session.Date)?.Values
        .Where(s => s.Lesson.Part == session.Part && !s.Mark.Attended).MaxBy(s => s.Lesson.Period.Starts)?.Lesson;

    private void Prune(DateOnly today)
    {
        foreach (var old in state.State.Days.Keys.Where(d => d < today.AddDays(-DaysKept)).ToList())
        {
            state.State.Days.Remove(old);
        }

        state.State.Missed.RemoveAll(m => m.Date < today.AddDays(-MissedKeptDays));
        state.State.Flagged.RemoveWhere(s => s.Date < today.AddDays(-DaysKept));
        foreach (var old in state.State.OpenTruancy.Keys.Where(s => s.Date < today).ToList())
        {
            state.State.OpenTruancy.Remove(old); // a day's alerts stay in the inbox for the lead; a later day's lesson does not close them
        }
    }

    private string TruancyId(LessonAttendance attendance) => $"{attendance.Upn}-{attendance.Lesson.Session}-truancy";

    private string TimeZone => settings?.TimeZone ?? SchoolSettings.EnglandTimeZone;

    private DateTime Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(TimeZone)).DateTime;
}
