using System.Text.Json;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Schools;
using Attendance.Grains.Hosting;

namespace Attendance.Grains.Registers;

[GenerateSerializer]
public sealed class ClassState
{
    [Id(0)] public ClassSetup? Setup { get; set; }

    [Id(1)] public Dictionary<Session, Submission> Submitted { get; set; } = [];
}

/// <param name="Body">The marks as submitted (see <see cref="RegisterSubmission.Body"/>): a resend under the same
/// request id must carry the same marks.</param>
[GenerateSerializer, Immutable]
public sealed record Submission(Staff By, DateTimeOffset At, string? RequestId = null, string? Body = null);

/// <summary>What one pupil's register did with an entry sent by this class.</summary>
internal sealed record PupilResult(string Upn, PupilEntryResult Result);

[SchoolPlacement]
public sealed class ClassGrain(
    [PersistentState("class", StorageNames.Attendance)] IPersistentState<ClassState> state,
    [FromKeyedServices(SchoolClock.Key)] TimeProvider clock,
    AttendanceMetrics metrics) : Grain, IClassGrain
{
    // Sessions kept in the live view (a school week and a little more); older ones are dropped and reloaded from
    // the pupils if asked for again.
    private const int SessionsKept = 12;

    // The current mark of every member for the sessions this activation has seen, kept in step with every mark
    // that passes through. Pupils' registers are the record; this is the live view built from them.
    private readonly Dictionary<Session, Dictionary<string, RegisterEntry?>> sessions = [];

    // The week's earlier sessions, for the week's attendance only: each member's code, not the entry (who, when,
    // why), so pupils keep only their latest days' entries in memory and a class never reads their journals for it.
    // Every mark made through the class loads its session into the live view first (which drops it from here).
    private readonly Dictionary<Session, Dictionary<string, string?>> weekCodes = [];

    // Each session's counts, counted once when the session is loaded and then changed by each mark (a mark moves
    // two counters): the week's attendance is sent with every mark and is the sum of up to ten of these.
    private readonly Dictionary<Session, SessionCounts> counted = [];

    // The members' grain references, made once (a reference is built from a string key on every GetGrain).
    private readonly Dictionary<string, IPupilGrain> pupils = [];

    // The members by UPN (the roll is looked up on every mark).
    private Dictionary<string, ClassMember>? byUpn;

    private ClassSetup? Setup => state.State.Setup;

    public async Task Configure(ClassSetup setup)
    {
        var before = Setup;
        state.State.Setup = setup;
        byUpn = null; // with the setup: a GetPlace interleaved with the write sees the new roll
        await state.WriteStateAsync();
        sessions.Clear();
        weekCodes.Clear();
        counted.Clear();
        pupils.Clear();

        // Each member whose place changed (new, moved in, another name or roll, new times or calendar) is told, so
        // its gate arrivals are checked as this class would. A new policy version alone is not sent: it would wake
        // every pupil of a trust, and a pupil reads the newer policy when any mark of the class passes it.
        // Settings are compared by value (a class reactivated reads its own copy from storage).
        var settingsChanged = before is null || (!ReferenceEquals(before.Settings, setup.Settings)
            && JsonSerializer.Serialize(before.Settings) != JsonSerializer.Serialize(setup.Settings));
        var placesBefore = before is null ? [] : before.Members.ToDictionary(m => m.Upn, m => PlaceOf(before, m));
        foreach (var member in setup.Members)
        {
            var place = PlaceOf(setup, member);
            if (settingsChanged || placesBefore.GetValueOrDefault(member.Upn) is not { } was || was.DiffersFrom(place))
            {
                await Pupil(member.Upn).Place(place);
            }
        }
    }

    public Task<PupilPlace?> GetPlace(string upn) =>
        Task.FromResult(Setup is not null && IsMember(upn) ? PlaceOf(Setup, Member(upn)) : null);

    public async Task MemberMarked(string upn, RegisterEntry? replaced, RegisterEntry entry)
    {
        if (Setup is null || !IsMember(upn))
        {
            return;
        }

        var marks = await LoadSession(entry.Session);
        if (!marks.TryGetValue(upn, out var held))
        {
            return;
        }

        // The view still holds what the arrival replaced (or the arrival itself, read since): the entry is the
        // pupil's mark now. Anything else is a mark made through this class meanwhile, or a view that missed one:
        // the pupil is asked (off the arrival's path), so an older arrival never overwrites a newer mark.
        if ((held == replaced || held == entry ? entry : await Pupil(upn).GetMark(entry.Session)) is not { } current)
        {
            return;
        }

        Apply(upn, current);
        await Publish(entry.Session, [new PupilResult(upn, new PupilEntryResult(EntryOutcome.Recorded, current))]);
    }

    private static PupilPlace PlaceOf(ClassSetup setup, ClassMember member) =>
        new(setup.Group.Id, setup.Group.Phase, setup.Settings, member.Name, member.Roll, setup.PolicyVersion);

    public async Task<Outcome<Marked>> SubmitRegister(RegisterSubmission submission)
    {
        if ((CheckSession(submission.Session) ?? CheckStaff(submission.TakenBy)) is { } refused)
        {
            return refused;
        }

        if (state.State.Submitted.TryGetValue(submission.Session, out var earlier))
        {
            // The same key with other marks is a client's mistake, never a second register (IETF Idempotency-Key draft: 422).
            return RegisterRules.ResendOf(submission.RequestId, earlier.RequestId, earlier.Body, submission.Body) switch
            {
                Resend.SameRegister => new Marked([], submission.Marks.Count),
                Resend.KeyReused => Marked.Refuse(RejectionReason.IdempotencyKeyReused,
                    $"The Idempotency-Key '{submission.RequestId}' was used for the {Setup!.Group.Name} register with other marks. Nothing was changed: send a new key for a different register."),
                _ => Marked.Refuse(RejectionReason.RegisterAlreadySubmitted,
                    $"The {Setup!.Group.Name} register for {submission.Session} was already submitted by {earlier.By.Name} at {Setup.Settings.LocalTime(earlier.At):HH:mm}. Change a mark with an amendment."),
            };
        }

        if (RegisterRules.Repeated(submission.Marks.Select(m => m.Upn)) is [_, ..] repeated)
        {
            return Marked.Refuse(RejectionReason.InvalidRequest, "Each pupil can appear only once in a register.", repeated);
        }

        if (CheckTeacherCodes(submission.TeacherCodesOnly, [.. submission.Marks.Select(m => (m.Upn, m.Code))]) is { } teacher)
        {
            return teacher;
        }

        var marks = new List<(string Upn, AttendanceCode Code)>();
        foreach (var mark in submission.Marks)
        {
            if (CheckPupilAndCode(mark.Upn, mark.Code, submission.Session, out var code) is { } bad)
            {
                return bad;
            }

            marks.Add((mark.Upn, code));
        }

        // Guests expected at their provision this session are marked by the provision, not by the class.
        var held = await LoadSession(submission.Session);
        var expected = MembersOn(submission.Session).Where(p => !p.ExpectedAtProvision(submission.Session)).Select(p => p.Upn).ToList();
        if (RegisterRules.Unmarked(expected, held, marks.Select(m => m.Upn)) is [_, ..] unheard)
        {
            // A gate arrival is acknowledged before its pupil tells this class (one way): a register sent at once
            // may find the class not yet told. Those the class has no mark for are asked before anything is refused.
            foreach (var (upn, current) in unheard.Zip(await Task.WhenAll(unheard.Select(upn => Pupil(upn).GetMark(submission.Session)))))
            {
                if (current is not null)
                {
                    Apply(upn, current);
                }
            }
        }

        if (RegisterRules.Unmarked(expected, held, marks.Select(m => m.Upn)) is [_, ..] missing)
        {
            return Marked.Refuse(RejectionReason.RegisterIncomplete,
                $"{missing.Count} pupil(s) on the {Setup!.Group.Name} roll have no mark for {submission.Session}. Every pupil needs a mark before the register is submitted.",
                missing);
        }

        if (RegisterRules.Conflicting(marks, held) is [_, ..] conflicts)
        {
            return Marked.Refuse(RejectionReason.AlreadyMarked,
                $"{conflicts.Count} pupil(s) already have a different mark for {submission.Session}. Leave them out of the register or amend their mark with a reason.",
                conflicts);
        }

        var now = clock.GetUtcNow();
        var results = await Task.WhenAll(marks.Select(m => RecordWithPupil(
            m.Upn, Entry(submission.Session, m.Code, MarkSource.Register, submission.TakenBy, now), amend: false)));

        state.State.Submitted[submission.Session] = new Submission(submission.TakenBy, now, submission.RequestId, submission.Body);
        await state.WriteStateAsync();
        await Publish(submission.Session, results, registerSubmitted: true);
        return Accepted(results);
    }

    public async Task<Outcome<Marked>> Mark(SingleMark mark)
    {
        // A provision's session can start before the school's own register opens (12:30 against 13:00); a pupil
        // signed out in the morning misses the afternoon.
        var laterToday = mark.Source is MarkSource.Provision or MarkSource.SignOut;
        if ((CheckSession(mark.Session, laterToday) ?? CheckStaff(mark.RecordedBy)) is { } refused)
        {
            return refused;
        }

        if (mark.Source is MarkSource.Gate or MarkSource.Import || !Enum.IsDefined(mark.Source))
        {
            return Marked.Refuse(RejectionReason.InvalidRequest,
                $"A single mark comes from a register, the office or a provision, not '{mark.Source}'. Record gate arrivals as arrivals.", ["source"]);
        }

        if (CheckTeacherCodes(mark.TeacherCodesOnly, [(mark.Upn, mark.Code)]) is { } teacher)
        {
            return teacher;
        }

        if (CheckPupilAndCode(mark.Upn, mark.Code, mark.Session, out var code) is { } bad)
        {
            return bad;
        }

        await LoadSession(mark.Session);
        var result = await RecordWithPupil(mark.Upn, Entry(mark.Session, code, mark.Source, mark.RecordedBy, clock.GetUtcNow()) with { Note = mark.Note }, amend: false);
        await Publish(mark.Session, [result]);
        return result.Result.Outcome == EntryOutcome.AlreadyMarked
            ? Marked.Refuse(RejectionReason.AlreadyMarked,
                $"Pupil {mark.Upn} is already marked '{result.Result.Current!.Code}' for {mark.Session}. Change it with an amendment and a reason.",
                [mark.Upn])
            : Accepted([result]);
    }

    public async Task<Outcome<Marked>> Amend(Amendment amendment)
    {
        if ((CheckSession(amendment.Session, laterToday: amendment.Source == MarkSource.SignOut) ?? CheckStaff(amendment.AmendedBy)) is { } refused)
        {
            return refused;
        }

        if (string.IsNullOrWhiteSpace(amendment.Reason))
        {
            return Marked.Refuse(RejectionReason.InvalidRequest, "An amendment needs a reason.", ["reason"]);
        }

        if (amendment.Source is not (MarkSource.Office or MarkSource.Provision or MarkSource.SignOut))
        {
            return Marked.Refuse(RejectionReason.InvalidRequest,
                $"An amendment comes from the office (at its desk or signing a pupil in and out) or a provision, not '{amendment.Source}'.", ["source"]);
        }

        if (CheckPupilAndCode(amendment.Upn, amendment.Code, amendment.Session, out var code) is { } bad)
        {
            return bad;
        }

        await LoadSession(amendment.Session);
        var entry = Entry(amendment.Session, code, amendment.Source, amendment.AmendedBy, clock.GetUtcNow()) with { AmendmentReason = amendment.Reason.Trim() };
        var result = await RecordWithPupil(amendment.Upn, entry, amend: true);
        await Publish(amendment.Session, [result]);
        return result.Result.Outcome == EntryOutcome.NotMarked
            ? Marked.Refuse(RejectionReason.NotMarked,
                $"Pupil {amendment.Upn} has no mark for {amendment.Session} to amend. Record a mark instead.",
                [amendment.Upn])
            : Accepted([result]);
    }

    public async Task<ClassRegister?> GetRegister(Session session)
    {
        if (Setup is null)
        {
            return null;
        }

        var marks = await LoadSession(session);
        var submitted = state.State.Submitted.GetValueOrDefault(session);
        return new ClassRegister(
            Setup.Group.Id,
            Setup.Group.Name,
            session,
            StateOf(session, marks),
            submitted?.By,
            submitted?.At,
            Counted(session),
            [.. MembersOn(session).Select(m => new RegisterLine(
                m.Upn, m.Name, marks[m.Upn], marks[m.Upn]?.IsAmendment == true, m.ExpectedAtProvision(session) ? m.AtProvision!.ProvisionName : null,
                m.LegalName, m.Flags))],
            await WeekAttendance(session));
    }

    public async Task<ClassSessionStatus?> GetStatus(Session session)
    {
        if (Setup is null)
        {
            return null;
        }

        return await Status(session);
    }

    public async Task<SessionCounts?> GetCounts(Session session)
    {
        if (Setup is null)
        {
            return null;
        }

        return sessions.TryGetValue(session, out var cached) ? Counts(cached) : SessionCounts.For([.. (await ReadCodes([session]))[session].Values]);
    }

    private static SessionCounts Counts(Dictionary<string, RegisterEntry?> marks) => SessionCounts.For([.. marks.Values.Select(e => e?.Code)]);

    /// <summary>The counts of a session in the live view, or of one of its week's earlier sessions.</summary>
    private SessionCounts Counted(Session session) =>
        counted.TryGetValue(session, out var counts) ? counts
            : counted[session] = sessions.TryGetValue(session, out var marks) ? Counts(marks) : SessionCounts.For([.. weekCodes[session].Values]);

    private IPupilGrain Pupil(string upn) =>
        pupils.TryGetValue(upn, out var pupil) ? pupil : pupils[upn] = GrainFactory.GetPupil(Setup!.SchoolId, upn);

    private async Task<ClassSessionStatus> Status(Session session)
    {
        var marks = await LoadSession(session);
        return new(Setup!.Group.Id, Setup.Group.Name, StateOf(session, marks), Counted(session), await WeekAttendance(session));
    }

    /// <summary>The class's attendance over the open sessions of the session's school week, up to and including it.</summary>
    private async Task<decimal?> WeekAttendance(Session session)
    {
        var calendar = Setup!.Settings.Calendar;
        var monday = session.Date.AddDays(-(((int)session.Date.DayOfWeek + 6) % 7));
        var week = Enumerable.Range(0, 5)
            .SelectMany(day => new[] { new Session(monday.AddDays(day), SessionPart.AM), new Session(monday.AddDays(day), SessionPart.PM) })
            .Where(s => s <= session && calendar.IsOpen(s))
            .ToList();
        if (week.Where(s => !sessions.ContainsKey(s) && !weekCodes.ContainsKey(s)).ToList() is [_, ..] missing)
        {
            foreach (var (earlier, codes) in await ReadCodes(missing))
            {
                weekCodes[earlier] = codes;
            }

            Forget(weekCodes, keep: week);
        }

        return SessionCounts.Sum([.. week.Select(Counted)]).AttendancePercent;
    }

    /// <summary>
    /// Tells the school's live feed what changed (one-way: marking never waits for dashboards). Nothing is sent when
    /// nothing changed, e.g. a refused or repeated mark.
    /// </summary>
    private async Task Publish(Session session, IReadOnlyList<PupilResult> results, bool registerSubmitted = false)
    {
        var changes = results
            .Where(r => r.Result.Outcome == EntryOutcome.Recorded)
            .Select(r => new PupilMarkChange(r.Upn, Member(r.Upn).Name, Setup!.Group.Id, r.Result.Current!))
            .ToList();
        if (changes.Count > 0 || registerSubmitted)
        {
            await GrainFactory.GetGrain<ISchoolFeedGrain>(Setup!.SchoolId).ClassChanged(await Status(session), session, changes);
        }

        // Once the register has closed, the follow-up list may hold these pupils (a reason given, a late arrival).
        var followUp = changes.Where(c => c.Entry.IsAmendment || RegisterClosed(session)).ToList();
        if (followUp.Count > 0)
        {
            await GrainFactory.GetGrain<IFollowUpGrain>(Setup!.SchoolId).MarksChanged(followUp);
        }
    }

    private bool RegisterClosed(Session session) =>
        Setup!.Settings.LocalTime(clock.GetUtcNow()) >= session.Date.ToDateTime(Setup.Settings.TimesFor(Setup.Group.Phase).For(session.Part).Closes);

    private RegisterState StateOf(Session session, Dictionary<string, RegisterEntry?> marks) =>
        state.State.Submitted.ContainsKey(session) ? RegisterState.Submitted
        : marks.Values.Any(e => e is not null) ? RegisterState.InProgress
        : RegisterState.NotStarted;

    /// <summary>The session in the live view: each member's current entry, asked of the pupils the first time.</summary>
    private async Task<Dictionary<string, RegisterEntry?>> LoadSession(Session session)
    {
        if (!sessions.TryGetValue(session, out var marks))
        {
            var members = Setup!.Members;
            sessions[session] = marks = OnRoll([session], await Task.WhenAll(members.Select(m => Pupil(m.Upn).GetMarks([session]))))[session];
            weekCodes.Remove(session);
            counted.Remove(session);
            Forget(sessions, keep: [session]);
        }

        return marks;
    }

    /// <summary>Drops the oldest sessions beyond <see cref="SessionsKept"/>, never those wanted now.</summary>
    private void Forget<T>(Dictionary<Session, T> kept, IReadOnlyList<Session> keep)
    {
        foreach (var old in kept.Keys.Except(keep).Order().Take(Math.Max(0, kept.Count - SessionsKept)).ToList())
        {
            kept.Remove(old);
            counted.Remove(old);
        }
    }

    /// <summary>Every member's current code for each session, asked of the pupils (they hold codes for the whole year).</summary>
    private async Task<Dictionary<Session, Dictionary<string, string?>>> ReadCodes(IReadOnlyList<Session> wanted) =>
        OnRoll(wanted, await Task.WhenAll(Setup!.Members.Select(m => Pupil(m.Upn).GetCodes(wanted))));

    /// <summary>What each member answered for each session (in the order asked), for the members on roll that day.</summary>
    private Dictionary<Session, Dictionary<string, T?>> OnRoll<T>(IReadOnlyList<Session> wanted, T?[][] answers) =>
        wanted.Select((session, s) => (session, Setup!.Members.Select((m, i) => (m, answers[i][s])).Where(p => p.m.OnRollOn(session.Date)).ToDictionary(p => p.m.Upn, p => p.Item2)))
            .ToDictionary(p => p.session, p => p.Item2);

    private async Task<PupilResult> RecordWithPupil(string upn, RegisterEntry entry, bool amend)
    {
        var pupil = Pupil(upn);
        PupilEntryResult result;
        try
        {
            result = amend ? await pupil.Amend(entry, Setup!.PolicyVersion) : await pupil.Mark(entry, Setup!.PolicyVersion);
        }
        catch
        {
            // A call that failed may still have been recorded (a timeout after the pupil committed): the session's
            // view is read again from the pupils when next wanted, so it never keeps the mark the pupil replaced.
            sessions.Remove(entry.Session);
            counted.Remove(entry.Session);
            throw;
        }

        if (result.Outcome == EntryOutcome.Recorded)
        {
            metrics.Recorded(entry.Source);
        }

        if (result.Current is { } current)
        {
            Apply(upn, current);
        }

        return new PupilResult(upn, result);
    }

    /// <summary>Puts a pupil's current mark in the live view (when its session is there) and moves the session's counts.</summary>
    private void Apply(string upn, RegisterEntry current)
    {
        if (sessions.TryGetValue(current.Session, out var marks))
        {
            var before = marks.GetValueOrDefault(upn)?.Code;
            marks[upn] = current;
            if (counted.TryGetValue(current.Session, out var counts))
            {
                counted[current.Session] = counts.Changed(before, current.Code);
            }
        }
    }

    private RegisterEntry Entry(Session session, AttendanceCode code, MarkSource source, Staff staff, DateTimeOffset now) =>
        MarkingChecks.Entry(Setup!.Settings, session, code, source, staff, now);

    private static Marked Accepted(IReadOnlyList<PupilResult> results) => new(
        [.. results.Where(r => r.Result.Outcome == EntryOutcome.Recorded).Select(r => r.Result.Current!)],
        results.Count(r => r.Result.Outcome == EntryOutcome.Unchanged));

    /// <param name="laterToday">Accept a session of today whose register has not opened yet.</param>
    private Outcome<Marked>? CheckSession(Session session, bool laterToday = false) =>
        Setup is null ? NotSetUp() : MarkingChecks.CanMark(Setup.Settings, Setup.Settings.TimesFor(Setup.Group.Phase), session, clock.GetUtcNow(), laterToday);

    private static Outcome<Marked>? CheckStaff(Staff? staff) =>
        Rejection.WithoutStaff(staff) is { } refused ? (Outcome<Marked>)refused : null;

    private Outcome<Marked>? CheckPupilAndCode(string upn, string code, Session session, out AttendanceCode attendanceCode)
    {
        attendanceCode = null!;
        if (!IsMember(upn))
        {
            return NotOnRoll(upn);
        }

        if (OffRoll(upn, session.Date) is { } off)
        {
            return off;
        }

        if (RegisterRules.CodeFor(code, session.Part) is not { } found)
        {
            return Marked.Refuse(RejectionReason.UnknownCode,
                $"'{code}' is not a national attendance code (2024 set). See GET /api/codes for the codes and their meanings.",
                [code]);
        }

        attendanceCode = found;
        return null;
    }

    /// <summary>A teacher's marks with codes the school's policy keeps for the office and leads: refused whole.</summary>
    private Outcome<Marked>? CheckTeacherCodes(bool teacherCodesOnly, IReadOnlyList<(string Upn, string Code)> marks)
    {
        var teacherCodes = Setup!.TeacherCodes ?? AttendancePolicy.Default.TeacherCodes;
        return teacherCodesOnly && RegisterRules.NotTeacherCodes(marks, teacherCodes) is [_, ..] refused
            ? Marked.Refuse(RejectionReason.CodeNotForTeachers,
                $"Teachers record {string.Join(", ", teacherCodes)} on the register; the office or the attendance lead records a reason for an absence. Mark {string.Join(", ", refused)} 'N' and tell the office what you know.",
                refused)
            : null;
    }

    private bool IsMember(string upn) => ByUpn.ContainsKey(upn);

    /// <summary>The class's pupils on the school's roll on the session's day: the register's lines (the admission register decides).</summary>
    private IEnumerable<ClassMember> MembersOn(Session session) => Setup!.Members.Where(m => m.OnRollOn(session.Date));

    private Outcome<Marked>? OffRoll(string upn, DateOnly day) => MarkingChecks.OnRoll(Member(upn).Name, upn, Member(upn).Roll, day);

    private ClassMember Member(string upn) => ByUpn[upn];

    private Dictionary<string, ClassMember> ByUpn => byUpn ??= Setup!.Members.ToDictionary(m => m.Upn, StringComparer.Ordinal);

    private Outcome<Marked> NotOnRoll(string upn) => Marked.Refuse(RejectionReason.PupilNotInClass,
        $"Pupil {upn} is not on the {Setup!.Group.Name} roll.", [upn]);

    private Outcome<Marked> NotSetUp() => Marked.Refuse(RejectionReason.UnknownClass,
        $"Class '{this.GetPrimaryKeyString()}' does not exist. Import the school's roster first.");
}
