using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Attendance.Grains.Schools;
using Attendance.Grains.Alerts;
using Attendance.Grains.Hosting;

namespace Attendance.Grains.Registers;

/// <summary>What a pupil keeps as grain state: their details from the roster. Their register is the journal.</summary>
[GenerateSerializer]
public sealed class PupilState
{
    [Id(0)] public PupilDetails? Details { get; set; }
}

/// <summary>
/// One pupil's register. Every mark and amendment is one line appended to the journal (the legal register), with
/// the crossings it caused in the same commit; nothing else is written on the marking path. On activation the
/// session codes, tallies and standing are rebuilt from the pupil's lines. The pupil holds each session's code
/// (<see cref="SessionMarks"/>) and the full entries of its latest two days only: older entries (who, when, why)
/// are read from the journal when asked for, so a year of history costs about 2 KB rather than 60.
/// </summary>
[SchoolPlacement]
public sealed class PupilGrain(
    [PersistentState("pupil", StorageNames.Attendance)] IPersistentState<PupilState> state,
    IOptions<AlertOptions> options,
    PolicyCache policies,
    IRegisterJournal journal,
    [FromKeyedServices(SchoolClock.Key)] TimeProvider clock,
    AttendanceMetrics metrics,
    ILogger<PupilGrain> logger) : Grain, IPupilGrain
{
    // The entries of the latest day marked and the calendar day before (today's registers, arrivals and follow-up
    // read those): kept. A class counts its week's earlier sessions from codes, and callers that decide on a code
    // ask for the code alone; showing or amending an older session (Friday's on a Monday) reads the journal once.
    private const int RecentDays = 1;

    private SessionMarks marks = new();

    // The current entry of each session in the RecentDays before the latest one marked, with its number.
    private Dictionary<Session, NumberedEntry> recent = [];
    private int lastEntryNo;

    // The roll-up's figures, counted from the register on activation and then changed by each entry.
    private PupilFigures figures = PupilFigures.None;

    // Where the pupil stood after the latest evaluation (the "before" of the next crossing) and under which policy
    // version; rebuilt from the register when missing, so it never needs storing.
    private PupilStanding? standing;
    private long standingVersion;
    private AcademicYear standingYear;

    private Dictionary<CrossingKind, int> crossingsMade = [];
    private List<CrossingNotice> outbox = [];
    private IGrainTimer? retry;

    // The pupil's class and its register times, sent by the class (or asked of it once after activation).
    private PupilPlace? place;

    // Until when a parent's page is open for this pupil (its marks are then pushed as they happen).
    private DateTime familyWatchingUntil;

    // From the grain's key, read once: every line and alert names them.
    private string schoolId = "";
    private string upn = "";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (schoolId, upn) = GrainKeys.Split(this.GetPrimaryKeyString());
        return Reload(cancellationToken);
    }

    public async Task UpdateDetails(PupilDetails details)
    {
        if (details == state.State.Details)
        {
            return;
        }

        state.State.Details = details;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle(); // the next call reloads what storage really holds
            throw;
        }

        await TellRollup(rollup => rollup.UpdateDetails(details));
    }

    public Task<PupilDetails?> GetDetails() => Task.FromResult(state.State.Details);

    public Task WatchedByFamily()
    {
        familyWatchingUntil = DateTime.UtcNow.AddMinutes(10);
        return Task.CompletedTask;
    }

    public Task<PupilEntryResult> Mark(RegisterEntry entry, long policyVersion) => Record(entry, amend: false, policyVersion);

    public async Task<PupilEntryResult> Amend(RegisterEntry amendment, long policyVersion)
    {
        var result = await Record(amendment, amend: true, policyVersion);
        if (result.Outcome == EntryOutcome.Recorded && !LessonRules.InSchool(amendment.Code))
        {
            // Now known not to be in school (sent home, signed out, found to be absent): a truancy alert for the
            // session is closed. One-way, off the amendment's answer; a pupil with no lessons has nothing to close.
            await GrainFactory.GetPupilLessons(schoolId, upn).SessionAmended(amendment);
        }

        return result;
    }

    public Task Place(PupilPlace newPlace)
    {
        place = newPlace;
        return Task.CompletedTask;
    }

    public async Task<Outcome<Marked>> RecordArrival(Arrival arrival)
    {
        if (state.State.Details is not { } details)
        {
            return Marked.Refuse(RejectionReason.UnknownPupil, $"Pupil {upn} is not on the school's roll.", [upn]);
        }

        // A place from the class the pupil has left (its new class's message not here yet) is asked again.
        if (place?.ClassId != details.RegistrationGroup)
        {
            place = await GrainFactory.GetClass(schoolId, details.RegistrationGroup).GetPlace(upn);
        }

        if (place is not { } at)
        {
            return Marked.Refuse(RejectionReason.PupilNotInClass, $"Pupil {upn} is not on the {details.RegistrationGroup} roll.", [upn]);
        }

        var local = at.Settings.LocalTime(arrival.ArrivedAt);
        var times = at.Settings.TimesFor(at.Phase);
        var arrivedAt = TimeOnly.FromDateTime(local);
        var session = new Session(DateOnly.FromDateTime(local), times.SessionAt(arrivedAt));
        if ((MarkingChecks.OnRoll(at.Name, upn, at.Roll, session.Date) ?? MarkingChecks.CanMark(at.Settings, times, session, clock.GetUtcNow())) is { } refused)
        {
            return refused;
        }

        var code = times.For(session.Part).CodeForArrival(arrivedAt, session.Part);
        var reason = string.IsNullOrWhiteSpace(arrival.Reason) ? null : arrival.Reason.Trim();
        var entry = MarkingChecks.Entry(at.Settings, session, code, MarkSource.Gate, arrival.RecordedBy ?? Staff.GateReader, clock.GetUtcNow()) with { ArrivedAt = arrivedAt, Note = reason };
        var current = marks.CodeOf(session);
        if (current is not null && current != NationalCodes.ReasonNotYetEstablished)
        {
            // Already present: a second tap at the gate changes nothing. Marked absent: the office decides.
            return current.Category == AttendanceCategory.Present ? new Marked([], 1) : MarkedOtherwise(current.Code);
        }

        // Marked N at registration and now here: the arrival replaces the unexplained absence, with the time as reason.
        var replaced = current is null ? null : (await Current(session))?.Entry;
        var result = current is null
            ? await Record(entry, amend: false, at.PolicyVersion)
            : await Record(entry with { AmendmentReason = reason is null ? $"Arrived at {arrivedAt:HH:mm}" : $"Arrived at {arrivedAt:HH:mm}: {reason}", Note = null }, amend: true, at.PolicyVersion);

        // After a reload (another activation wrote first) the session may hold another mark by now.
        switch (result.Outcome)
        {
            case EntryOutcome.Recorded:
                metrics.Recorded(MarkSource.Gate);
                await GrainFactory.GetClass(schoolId, at.ClassId).MemberMarked(upn, replaced, result.Current!);
                return new Marked([result.Current!], 0);
            case EntryOutcome.Unchanged:
                return new Marked([], 1);
            default:
                return MarkedOtherwise(result.Current?.Code);
        }

        Outcome<Marked> MarkedOtherwise(string? code) => Marked.Refuse(RejectionReason.AlreadyMarked,
            $"Pupil {upn} arrived at {arrivedAt:HH:mm} but is marked '{code}' for {session}. The office should amend the mark.", [upn]);
    }

    public Task<int> ImportHistory(IReadOnlyList<RegisterEntry> entries) => ImportHistory(entries, reloaded: false);

    private async Task<int> ImportHistory(IReadOnlyList<RegisterEntry> entries, bool reloaded)
    {
        var inForce = await Policy(version: null);
        var added = entries.Where(e => marks.Decide(e, amend: false) == EntryOutcome.Recorded)
            .Select(e => (Entry: e, Replaced: marks.Set(e.Session, NationalCodes.Get(e.Code), e.SchoolWeek))).ToList();
        if (added.Count == 0)
        {
            return 0;
        }

        var lines = added.Select((a, i) => LegalRegisterLine.For(schoolId, upn, lastEntryNo + 1 + i, a.Entry, null)).ToList();
        try
        {
            await journal.Append(new JournalAppend(schoolId, upn, lines, []));
        }
        catch (JournalConflictException ex) when (!reloaded)
        {
            // The journal is ahead of this activation: an append that committed but was reported failed (e.g. the
            // connection dropped after the commit), or another activation wrote first. Take in what the journal holds
            // and import again: the sessions it has are skipped, as when the same file is imported twice.
            logger.LogWarning(ex, "Pupil {Upn} at {SchoolId}: the journal already has entry {EntryNo}; reloading before importing history", upn, schoolId, lines[0].EntryNo);
            await Reload();
            return await ImportHistory(entries, reloaded: true);
        }
        catch
        {
            // None of them was kept: take them back, newest first.
            for (var i = added.Count - 1; i >= 0; i--)
            {
                marks.Set(added[i].Entry.Session, added[i].Replaced.Code, added[i].Replaced.SchoolWeek);
            }

            throw;
        }

        Keep(lines.Select((line, i) => new NumberedEntry(line.EntryNo, added[i].Entry)));
        figures = PupilFigures.Of(lastEntryNo, marks);
        Baseline(inForce, marks.LatestYear!.Value); // history raises no alerts
        await TellRollupFigures();
        return added.Count;
    }

    public async Task<RegisterEntry?> GetMark(Session session) => (await Current(session))?.Entry;

    public async Task<RegisterEntry?[]> GetMarks(IReadOnlyList<Session> sessions)
    {
        var current = await Current(sessions);
        return [.. sessions.Select(s => current(s)?.Entry)];
    }

    public Task<string?> GetCode(Session session) => Task.FromResult(marks.CodeOf(session)?.Code);

    public Task<string?[]> GetCodes(IReadOnlyList<Session> sessions) => Task.FromResult<string?[]>([.. sessions.Select(s => marks.CodeOf(s)?.Code)]);

    public async Task<IReadOnlyList<RegisterEntry>> GetEntries() => [.. (await Journal()).Select(e => e.Entry)];

    public async Task<IReadOnlyList<RegisterEntry>> GetHistory(Session session) =>
        [.. (await Journal()).Select(e => e.Entry).Where(e => e.Session == session)];

    public async Task<PupilSummary?> GetSummary(DateOnly today, int? currentWeek)
    {
        if (state.State.Details is not { } details)
        {
            return null;
        }

        var todays = await GetMarks([new Session(today, SessionPart.AM), new Session(today, SessionPart.PM)]);
        return new PupilSummary(details, marks.Snapshot(AcademicYear.Of(today), currentWeek), [.. todays.OfType<RegisterEntry>()]);
    }

    public Task<PupilForRollup> GetForRollup() => Task.FromResult(new PupilForRollup(state.State.Details, figures));

    /// <summary>
    /// Tells the school's roll-up for the analytics pages of a committed entry or changed details: one way, so the
    /// mark never waits for it, and never failing the caller (what it reports is durable already); figures that go
    /// missing are replaced by the next ones, and the roll-up asks every pupil again when it activates.
    /// </summary>
    private async Task TellRollup(Func<ISchoolFiguresGrain, Task> tell)
    {
        try
        {
            await tell(GrainFactory.GetGrain<ISchoolFiguresGrain>(schoolId));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not tell the roll-up of {SchoolId} about pupil {Upn}", schoolId, upn);
        }
    }

    private Task TellRollupFigures() => TellRollup(rollup => rollup.Update(upn, figures));

    public async Task<PupilStanding> GetStanding(DateOnly today)
    {
        var inForce = await Policy(version: null);
        return PupilStanding.Evaluate(inForce.Policy, Figures(inForce, AcademicYear.Of(today)));
    }

    public Task<AbsenceRun> GetAbsenceRun(SchoolCalendar calendar, DateOnly day) =>
        Task.FromResult(AbsenceRun.Measure(calendar, day, session => marks.CodeOf(session)?.Code));

    private async Task<PupilEntryResult> Record(RegisterEntry entry, bool amend, long policyVersion, bool reloaded = false)
    {
        // Read before changing anything: a failure here must leave the register as it was.
        var inForce = options.Value.EvaluateOnMark ? await Policy(policyVersion) : null;

        // The standing is this year's: the year of the latest session marked (an amendment to last July in September
        // changes last year's figures, and this year's standing only through the windows that span the summer).
        var year = marks.LatestYear is { } latestYear && latestYear > AcademicYear.Of(entry.Session.Date) ? latestYear : AcademicYear.Of(entry.Session.Date);
        if (inForce is not null && (standing is null || standingVersion != inForce.Version || standingYear != year))
        {
            // After activation, under a new policy or in a new year: where the pupil stands before this entry is the
            // baseline, so pupils already past a new threshold raise nothing (a new year starts from no sessions), and
            // this entry's own crossing still does.
            Baseline(inForce, year);
        }

        var outcome = marks.Decide(entry, amend);
        if (outcome == EntryOutcome.Recorded)
        {
            var line = LegalRegisterLine.For(schoolId, upn, lastEntryNo + 1, entry, amend ? await Current(entry.Session) : null);
            var code = NationalCodes.Get(entry.Code);
            var replaced = marks.Set(entry.Session, code, entry.SchoolWeek);
            var (after, crossings) = inForce is null ? (standing, []) : Evaluate(inForce, entry, year);
            try
            {
                using var span = AttendanceTracing.Source.StartActivity("register append");
                span?.SetTag("attendance.school", schoolId);
                span?.SetTag("attendance.entry", line.EntryNo);
                await journal.Append(new JournalAppend(schoolId, upn, [line], crossings));
            }
            catch (JournalConflictException ex) when (!reloaded)
            {
                // Another activation of this pupil wrote that number first (Orleans can briefly run two during
                // membership changes): take in what the journal holds and decide again, never a second line.
                logger.LogWarning(ex, "Pupil {Upn} at {SchoolId}: the journal already has entry {EntryNo}; reloading", upn, schoolId, line.EntryNo);
                await Reload();
                return await Record(entry, amend, policyVersion, reloaded: true);
            }
            catch
            {
                marks.Set(entry.Session, replaced.Code, replaced.SchoolWeek); // not committed, so not recorded: the caller sees the error and may resend
                throw;
            }

            Keep([new NumberedEntry(line.EntryNo, entry)]);
            figures = figures.Changed(line.EntryNo, entry.Session, replaced.Code, code);
            standing = after;
            await TellRollupFigures();
            if (familyWatchingUntil > DateTime.UtcNow)
            {
                await GrainFactory.GetGrain<ISchoolFeedGrain>(schoolId).PupilMarked(upn, entry);
            }

            foreach (var crossing in crossings)
            {
                crossingsMade[crossing.Crossing.Kind] = crossingsMade.GetValueOrDefault(crossing.Crossing.Kind) + 1;
                outbox.Add(crossing);
            }
        }

        await Deliver();
        return new PupilEntryResult(outcome, outcome == EntryOutcome.Recorded ? entry : (await Current(entry.Session))?.Entry);
    }

    /// <summary>Takes committed entries in: the last number, and the entries of recent sessions (older ones are left to the journal).</summary>
    private void Keep(IEnumerable<NumberedEntry> entries)
    {
        foreach (var entry in entries)
        {
            recent[entry.Entry.Session] = entry;
            lastEntryNo = Math.Max(lastEntryNo, entry.No);
        }

        // Checked once a week's sessions could have been passed, so keeping costs nothing per mark.
        if (recent.Count > 4 * RecentDays && marks.Latest is { } latest)
        {
            var from = latest.Date.AddDays(-RecentDays);
            recent = recent.Where(r => r.Key.Date >= from).ToDictionary();
        }
    }

    /// <summary>The current entry of each session asked about: from memory when recent, else from one read of the journal.</summary>
    private async Task<Func<Session, NumberedEntry?>> Current(IReadOnlyCollection<Session> sessions)
    {
        if (sessions.All(s => recent.ContainsKey(s) || marks.CodeOf(s) is null))
        {
            return s => recent.TryGetValue(s, out var entry) ? entry : null;
        }

        var current = new Dictionary<Session, NumberedEntry>();
        foreach (var entry in await Journal())
        {
            current[entry.Entry.Session] = entry;
        }

        return s => current.TryGetValue(s, out var entry) ? entry : null;
    }

    private async Task<NumberedEntry?> Current(Session session) => (await Current([session]))(session);

    /// <summary>Every entry of the pupil's register, in entry order, as the journal holds them.</summary>
    private async Task<List<NumberedEntry>> Journal() => Entries(await journal.Load(schoolId, upn));

    private static List<NumberedEntry> Entries(PupilJournal stored)
    {
        var people = new Dictionary<(string Name, string Role), Staff>();
        return [.. stored.Lines.Select(l => new NumberedEntry(l.EntryNo, l.ToEntry(people)))];
    }

    /// <summary>Rebuilds the session codes, recent entries and undelivered crossings from the journal; the standing follows on the next mark.</summary>
    private async Task Reload(CancellationToken cancellationToken = default)
    {
        var stored = await journal.Load(schoolId, upn, cancellationToken);
        var entries = Entries(stored);
        marks = new SessionMarks();
        foreach (var (_, entry) in entries)
        {
            marks.Set(entry.Session, NationalCodes.Get(entry.Code), entry.SchoolWeek);
        }

        recent = [];
        lastEntryNo = entries.Count == 0 ? 0 : entries[^1].No;
        var from = marks.Latest?.Date.AddDays(-RecentDays);
        Keep(entries.Where(e => e.Entry.Session.Date >= from));
        figures = PupilFigures.Of(lastEntryNo, marks);
        standing = null;
        crossingsMade = new Dictionary<CrossingKind, int>(stored.CrossingsMade);
        outbox = [.. stored.Undelivered];
        if (outbox.Count > 0)
        {
            // Crossings committed before a crash or a failed delivery: send them again (the inbox ignores ones it has).
            RetryDelivery(TimeSpan.Zero);
        }
    }

    /// <summary>
    /// Compares the pupil's standing after this entry with the one before. Each crossing gets the next number for
    /// its measure and is committed with the entry: the mark and its alert are durable together, and a resend
    /// carries the same id.
    /// </summary>
    private (PupilStanding After, IReadOnlyList<CrossingNotice> Crossings) Evaluate(PolicyInForce inForce, RegisterEntry entry, AcademicYear year)
    {
        var figures = Figures(inForce, year);
        var after = PupilStanding.Evaluate(inForce.Policy, figures);
        var notices = Crossing.Between(inForce.Policy, standing!, after).Select(crossing => new CrossingNotice(
            $"{upn}-{crossing.Kind}-{crossingsMade.GetValueOrDefault(crossing.Kind) + 1}",
            upn,
            state.State.Details?.DisplayName ?? upn,
            state.State.Details?.RegistrationGroup ?? "",
            crossing,
            figures,
            entry,
            inForce.Policy.TrustAlerts.Contains(crossing.Kind))).ToList();
        return (after, notices);
    }

    /// <summary>A new baseline raises nothing: alerts follow the pupil's attendance, not history imports or policy edits.</summary>
    private void Baseline(PolicyInForce inForce, AcademicYear year)
    {
        standing = PupilStanding.Evaluate(inForce.Policy, Figures(inForce, year));
        standingVersion = inForce.Version;
        standingYear = year;
    }

    private StandingFigures Figures(PolicyInForce inForce, AcademicYear year) =>
        StandingFigures.From(inForce.Policy, marks, year, inForce.SessionsIn(year));

    /// <summary>The school's policy: this silo's copy, read again when the class passes a newer version.</summary>
    private Task<PolicyInForce> Policy(long? version) => policies.Get(schoolId, version);

    /// <summary>
    /// Sends committed crossings to the school's inbox. The mark is already durable, so a failure here does not
    /// fail it: the crossings stay in the outbox and are retried until the inbox has them.
    /// </summary>
    private async Task Deliver()
    {
        if (outbox.Count == 0)
        {
            return;
        }

        List<CrossingNotice> sending = [.. outbox];
        try
        {
            await GrainFactory.GetGrain<IAlertInboxGrain>(schoolId).Receive(sending);
            outbox.RemoveAll(sending.Contains);
            retry?.Dispose();
            retry = null;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not deliver {Count} crossing(s) for pupil {Upn} at {SchoolId}; retrying", sending.Count, upn, schoolId);
            RetryDelivery(options.Value.DeliveryRetry);
            return;
        }

        try
        {
            await journal.Delivered(schoolId, upn, [.. sending.Select(c => c.AlertId)]);
        }
        catch (Exception ex)
        {
            // The inbox has them; at worst the next activation sends them again, which the inbox ignores.
            logger.LogWarning(ex, "Could not record the delivery of {Count} crossing(s) for pupil {Upn} at {SchoolId}", sending.Count, upn, schoolId);
        }
    }

    private void RetryDelivery(TimeSpan dueTime) =>
        retry ??= this.RegisterGrainTimer(Deliver, new GrainTimerCreationOptions(dueTime, options.Value.DeliveryRetry) { Interleave = false });
}
