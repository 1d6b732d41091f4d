using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Hosting;
using Attendance.Grains.Schools;

namespace Attendance.Grains.Lessons;

[GenerateSerializer]
public sealed class LessonRegisterState
{
    /// <summary>The lesson and its pupils as they were when the register was first taken (a later timetable does not change them).</summary>
    [Id(0)] public LessonPlan? Plan { get; set; }

    /// <summary>Each pupil's entries, first to latest: a change adds one, never replaces.</summary>
    [Id(1)] public Dictionary<string, List<LessonEntry>> Entries { get; set; } = [];

    /// <summary>The submissions' request ids and bodies: a resend is recognised, a key reused with other marks refused.</summary>
    [Id(2)] public Dictionary<string, string> Requests { get; set; } = [];
}

[SchoolPlacement]
public sealed class LessonRegisterGrain(
    [PersistentState("lesson", StorageNames.Attendance)] IPersistentState<LessonRegisterState> state,
    [FromKeyedServices(SchoolClock.Key)] TimeProvider clock) : Grain, ILessonRegisterGrain
{
    // A teacher may open the register a few minutes before the lesson starts (pupils arrive at the door).
    private static readonly TimeSpan OpensBefore = TimeSpan.FromMinutes(5);

    private (string SchoolId, DateOnly Date, string LessonId) Key => GrainKeys.SplitLessonRegister(this.GetPrimaryKeyString());

    private bool Taken => state.State.Entries.Count > 0;

    public async Task<LessonRegister?> Get() => await Plan() is { } plan ? View(plan, await SessionCodes(plan, plan.Pupils)) : null;

    public async Task<Outcome<LessonRegister>> Submit(LessonRegisterSubmission submission)
    {
        if (Rejection.WithoutStaff(submission.TakenBy, "taking the register") is { } noStaff)
        {
            return noStaff;
        }

        if (await Plan() is not { } plan)
        {
            return LessonRejections.NotTaught(Key.Date, Key.LessonId);
        }

        if (submission.RequestId is { } key && state.State.Requests.TryGetValue(key, out var body))
        {
            return body == submission.Body
                ? await Tell(plan, plan.Pupils, submission.TakenBy) // a resend: answered as before, and pupils told again in case they were not
                : new Rejection(RejectionReason.IdempotencyKeyReused,
                    $"The Idempotency-Key '{key}' was used for this lesson's register with other marks. Nothing was changed: send a new key for a different register.", [key]);
        }

        if (await Refusal(plan, submission.Marks) is { } refused)
        {
            return refused;
        }

        var now = clock.GetUtcNow();
        var changed = new List<string>();
        foreach (var mark in submission.Marks)
        {
            var entries = state.State.Entries.GetValueOrDefault(mark.Upn);
            if (entries?[^1].Mark != mark)
            {
                var reason = entries is null ? null : $"Changed when {submission.TakenBy.Name} took the register again";
                (state.State.Entries[mark.Upn] = entries ?? []).Add(new LessonEntry(mark, submission.TakenBy, now, reason));
                changed.Add(mark.Upn);
            }
        }

        state.State.Plan = plan;
        if (submission.RequestId is { } requestId)
        {
            state.State.Requests[requestId] = submission.Body;
        }

        await state.WriteStateAsync();
        return await Tell(plan, changed, submission.TakenBy);
    }

    public Task<LessonMark?> MarkOf(string upn) => Task.FromResult(Latest(upn)?.Mark);

    public async Task<LessonStatus?> GetStatus()
    {
        if (await Plan() is not { } plan)
        {
            return null;
        }

        var marks = plan.Pupils.Select(upn => (upn, Mark: Latest(upn)?.Mark)).ToList();
        var absent = marks.Where(m => m.Mark?.Presence == LessonPresence.Absent).Select(m => m.upn).ToList();
        var codes = await SessionCodes(plan, absent);
        return new LessonStatus(plan.Lesson, Taken ? RegisterState.Submitted : RegisterState.NotStarted, plan.Pupils.Count,
            marks.Count(m => m.Mark?.Presence == LessonPresence.Present), marks.Count(m => m.Mark?.Presence == LessonPresence.Late), absent.Count,
            [.. absent.Where(upn => LessonRules.Explain(codes[upn]) == LessonAbsence.Truancy)]);
    }

    /// <summary>The lesson as taken, or as the timetable has it today when not taken yet.</summary>
    private async Task<LessonPlan?> Plan() =>
        state.State.Plan ?? await GrainFactory.GetGrain<ITimetableGrain>(Key.SchoolId).Lesson(Key.Date, Key.LessonId);

    private async Task<Rejection?> Refusal(LessonPlan plan, IReadOnlyList<LessonMark> marks)
    {
        var settings = (await GrainFactory.GetGrain<ISchoolGrain>(Key.SchoolId).GetSettings())!;
        var lesson = plan.Lesson;
        var opens = settings.InstantOf(lesson.Date.ToDateTime(lesson.Period.Starts)) - OpensBefore;
        if (clock.GetUtcNow() < opens)
        {
            return new Rejection(RejectionReason.FutureSession,
                $"{lesson.Describe()} starts at {lesson.Period.Starts:HH\\:mm} on {lesson.Date:dddd d MMMM}: its register opens {OpensBefore.TotalMinutes:0} minutes before.", [lesson.LessonId]);
        }

        if (marks.Select(m => (m.Upn, Problem: m.Problem(lesson.Period))).Where(m => m.Problem is not null).ToList() is { Count: > 0 } problems)
        {
            return new Rejection(RejectionReason.InvalidRequest, string.Join(" ", problems.Select(p => p.Problem)), [.. problems.Select(p => p.Upn)]);
        }

        var members = plan.Pupils.ToHashSet(StringComparer.Ordinal);
        if (marks.Where(m => !members.Contains(m.Upn)).Select(m => m.Upn).ToList() is { Count: > 0 } strangers)
        {
            return new Rejection(RejectionReason.PupilNotInClass, $"Not in {lesson.GroupName}: {string.Join(", ", strangers)}. Nothing was recorded.", strangers);
        }

        if (marks.GroupBy(m => m.Upn).Where(g => g.Count() > 1).Select(g => g.Key).ToList() is { Count: > 0 } twice)
        {
            return new Rejection(RejectionReason.InvalidRequest, $"Marked more than once: {string.Join(", ", twice)}. Nothing was recorded.", twice);
        }

        var sent = marks.Select(m => m.Upn).ToHashSet(StringComparer.Ordinal);
        return plan.Pupils.Where(upn => !sent.Contains(upn)).ToList() is { Count: > 0 } missing
            ? new Rejection(RejectionReason.RegisterIncomplete,
                $"{missing.Count} pupil(s) of {lesson.GroupName} have no mark: {string.Join(", ", missing)}. Mark everyone (a pupil known to be elsewhere is marked absent). Nothing was recorded.", missing)
            : null;
    }

    /// <summary>
    /// Tells the day's lesson record (reports) and the pupils whose lessons must act on their mark, then answers the
    /// register. A pupil is told of an absence (it may be truancy), of a lesson attended while a truancy alert of
    /// theirs is open (it closes), and of a change from absent (a missed lesson corrected); a pupil simply where they
    /// should be is not told, so a period's registers wake no pupil's lessons and write nothing for them.
    /// </summary>
    private async Task<LessonRegister> Tell(LessonPlan plan, IReadOnlyList<string> changed, Staff by)
    {
        // Only an absence is read against the session (truancy or known elsewhere): one pupil's register asked per
        // absent pupil, not thirty per lesson. The answer carries those pupils' session codes; the screen reads the rest.
        var codes = await SessionCodes(plan, plan.Pupils.Where(upn => Latest(upn)?.Mark.Attended == false));
        var register = View(plan, codes);
        var lines = register.Lines.ToDictionary(l => l.Upn);
        var record = new LessonDayRecord(plan.Lesson, [.. register.Lines.Where(l => l.Mark is not null).Select(l => new LessonPupilMark(
            l.Upn, l.Name, plan.Listings.GetValueOrDefault(l.Upn)?.YearGroup ?? "", l.Mark!.Presence, !l.Mark.Attended && LessonRules.Explain(l.SessionCode) == LessonAbsence.Truancy))]);
        var watched = changed.Count > 0 ? await GrainFactory.GetGrain<IAlertInboxGrain>(Key.SchoolId).OpenTruancy() : new HashSet<string>();
        var told = changed.Where(upn => state.State.Entries[upn] is var entries
            && (!entries[^1].Mark.Attended || watched.Contains(upn) || entries.Count > 1 && !entries[^2].Mark.Attended));
        await Task.WhenAll(told.Select(upn =>
        {
            var entry = Latest(upn)!;
            var line = lines[upn];
            return GrainFactory.GetPupilLessons(Key.SchoolId, upn).LessonMarked(new LessonAttendance(
                plan.Lesson, upn, line.Name, line.ClassId, entry.Mark, entry.RecordedBy, entry.RecordedAt, codes.GetValueOrDefault(upn), plan.SessionLessons.GetValueOrDefault(upn) ?? []));
        }).Append(GrainFactory.GetGrain<ILessonDayGrain>(GrainKeys.LessonDay(Key.SchoolId, Key.Date)).Recorded(record)));
        return register;
    }

    private LessonRegister View(LessonPlan plan, IReadOnlyDictionary<string, string?> codes)
    {
        var lines = plan.Pupils.Select(upn =>
        {
            var listing = plan.Listings.GetValueOrDefault(upn);
            var entries = state.State.Entries.GetValueOrDefault(upn);
            var code = codes.GetValueOrDefault(upn);
            return new LessonLine(upn, listing?.Name ?? upn, listing?.ClassId ?? "", entries?[^1].Mark, entries?.Count > 1, code, Elsewhere(code));
        }).OrderBy(l => l.Name, StringComparer.CurrentCulture).ToList();
        var first = state.State.Entries.Values.Select(e => e[0]).MinBy(e => e.RecordedAt);
        return new LessonRegister(plan.Lesson, Taken ? RegisterState.Submitted : RegisterState.NotStarted, first?.RecordedBy, first?.RecordedAt, lines);
    }

    /// <summary>Each pupil's mark for the lesson's session, as their register holds it now.</summary>
    private async Task<IReadOnlyDictionary<string, string?>> SessionCodes(LessonPlan plan, IEnumerable<string> upns)
    {
        var session = plan.Lesson.Session;
        var codes = await Task.WhenAll(upns.Select(async upn => (upn, Code: await GrainFactory.GetPupil(Key.SchoolId, upn).GetCode(session))));
        return codes.ToDictionary(c => c.upn, c => c.Code);
    }

    /// <summary>Where the register says a pupil is instead of in school, in words; null when it says they are in school or has no mark yet.</summary>
    private static string? Elsewhere(string? code) =>
        LessonRules.Explain(code) == LessonAbsence.KnownElsewhere && NationalCodes.TryGet(code!, out var found) ? $"{found.Meaning} ({found.Code})" : null;

    private LessonEntry? Latest(string upn) => state.State.Entries.GetValueOrDefault(upn)?[^1];
}
