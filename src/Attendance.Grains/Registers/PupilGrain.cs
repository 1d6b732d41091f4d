using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Attendance.Grains;

[GenerateSerializer]
public sealed class PupilState
{
    [Id(0)] public PupilDetails? Details { get; set; }

    /// <summary>Every mark and amendment, in order: the register itself. Tallies are rebuilt from it on activation.</summary>
    [Id(1)] public List<RegisterEntry> Entries { get; set; } = [];

    /// <summary>Where the pupil stood after the latest evaluation: the "before" of the next crossing.</summary>
    [Id(2)] public PupilStanding? Standing { get; set; }

    /// <summary>The policy version <see cref="Standing"/> was evaluated under; a new policy sets a new baseline.</summary>
    [Id(3)] public long PolicyVersion { get; set; }

    /// <summary>How many crossings of each measure the pupil has made: the last part of each alert id.</summary>
    [Id(4)] public Dictionary<CrossingKind, int> Crossings { get; set; } = [];

    /// <summary>Crossings saved with their mark but not yet confirmed by the school's inbox.</summary>
    [Id(5)] public List<CrossingNotice> Outbox { get; set; } = [];

    /// <summary>How many of <see cref="Entries"/> the legal register is known to hold; the rest are written on the next call.</summary>
    [Id(6)] public int EntriesInLegalRegister { get; set; }
}

[SchoolPlacement]
public sealed class PupilGrain(
    [PersistentState("pupil", StorageNames.Attendance)] IPersistentState<PupilState> state,
    IOptions<AlertOptions> options,
    PolicyCache policies,
    ILegalRegister legalRegister,
    ILogger<PupilGrain> logger) : Grain, IPupilGrain
{
    private PupilRegister register = new();
    private IGrainTimer? retry;

    private string SchoolId => GrainKeys.Split(this.GetPrimaryKeyString()).SchoolId;

    private string Upn => GrainKeys.Split(this.GetPrimaryKeyString()).Id;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        register = new PupilRegister(state.State.Entries);
        if (state.State.Outbox.Count > 0)
        {
            // Crossings saved before a crash or a failed delivery: send them again (the inbox ignores ones it has).
            RetryDelivery(TimeSpan.Zero);
        }

        // Entries stored before a crash stopped them reaching the legal register. A failure here is logged, not
        // thrown: the pupil stays usable and the next mark writes them first.
        try
        {
            await WriteLegalRegister(cancellationToken);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not write pupil {Upn}'s entries at {SchoolId} to the legal register on activation", Upn, SchoolId);
        }
    }

    public async Task UpdateDetails(PupilDetails details)
    {
        if (details == state.State.Details)
        {
            return;
        }

        state.State.Details = details;
        await WriteOrReload();
    }

    public Task<PupilDetails?> GetDetails() => Task.FromResult(state.State.Details);

    public Task<PupilEntryResult> Mark(RegisterEntry entry, long policyVersion) => Record(entry, register.Mark, policyVersion);

    public Task<PupilEntryResult> Amend(RegisterEntry amendment, long policyVersion) => Record(amendment, register.Amend, policyVersion);

    public async Task<int> ImportHistory(IReadOnlyList<RegisterEntry> entries)
    {
        var inForce = await Policy(version: null);
        var added = entries.Where(e => register.Mark(e) == EntryOutcome.Recorded).ToList();
        if (added.Count > 0)
        {
            state.State.Entries.AddRange(added);
            Baseline(inForce);
            await WriteOrReload();
        }

        await WriteLegalRegister();
        if (added.Count > 0)
        {
            // An import is a whole history at once: save that it is in the legal register, or every activation
            // until the pupil's next mark would send it all again.
            await WriteOrReload();
        }

        return added.Count;
    }

    public Task<RegisterEntry?> GetMark(Session session) => Task.FromResult(register.CurrentMark(session));

    public Task<IReadOnlyList<RegisterEntry>> GetEntries() => Task.FromResult<IReadOnlyList<RegisterEntry>>([.. register.Entries]);

    public Task<IReadOnlyList<RegisterEntry>> GetHistory(Session session) =>
        Task.FromResult<IReadOnlyList<RegisterEntry>>([.. register.History(session)]);

    public Task<PupilSummary?> GetSummary(DateOnly today, int? currentWeek)
    {
        if (state.State.Details is not { } details)
        {
            return Task.FromResult<PupilSummary?>(null);
        }

        RegisterEntry?[] todays = [register.CurrentMark(new Session(today, SessionPart.AM)), register.CurrentMark(new Session(today, SessionPart.PM))];
        return Task.FromResult<PupilSummary?>(new PupilSummary(
            details,
            register.Tally.Snapshot(currentWeek),
            [.. todays.OfType<RegisterEntry>()]));
    }

    public async Task<PupilStanding> GetStanding()
    {
        var inForce = await Policy(version: null);
        return PupilStanding.Evaluate(inForce.Policy, Figures(inForce));
    }

    public Task<AbsenceRun> GetAbsenceRun(SchoolCalendar calendar, DateOnly day) =>
        Task.FromResult(AbsenceRun.Measure(calendar, day, register.CurrentMark));

    private async Task<PupilEntryResult> Record(RegisterEntry entry, Func<RegisterEntry, EntryOutcome> apply, long policyVersion)
    {
        // Read before changing anything: a failure here must leave the register as it was.
        var inForce = options.Value.EvaluateOnMark ? await Policy(policyVersion) : null;
        var outcome = apply(entry);
        if (outcome == EntryOutcome.Recorded)
        {
            state.State.Entries.Add(entry);
            if (inForce is not null)
            {
                Evaluate(inForce, entry);
            }

            await WriteOrReload();
        }

        // Also on a resend: an entry stored but not yet in the legal register (a crash, a database error) goes in
        // before this call is acknowledged.
        await WriteLegalRegister();
        await Deliver();
        return new PupilEntryResult(outcome, register.CurrentMark(entry.Session));
    }

    /// <summary>
    /// Writes the stored entries the legal register does not have yet. Always after the grain state: a line exists
    /// only for an entry that was stored, and one that is missing is written again by the next call or activation.
    /// </summary>
    private async Task WriteLegalRegister(CancellationToken cancellationToken = default)
    {
        var entries = state.State.Entries;
        var written = state.State.EntriesInLegalRegister;
        if (written >= entries.Count)
        {
            return;
        }

        var lines = Enumerable.Range(written, entries.Count - written)
            .Select(i => LegalRegisterLine.For(SchoolId, Upn, entries, i))
            .ToList();
        await legalRegister.Append(lines, cancellationToken);

        // Storage catches up with the next write; until then a reactivation writes these again, which keeps one copy.
        state.State.EntriesInLegalRegister = entries.Count;
    }

    /// <summary>
    /// Compares the pupil's standing after this entry with the one before. Each crossing gets the next number for
    /// its measure and goes in the outbox, saved in the same write as the entry: the mark and its alert are durable
    /// together, and a resend carries the same id.
    /// </summary>
    private void Evaluate(PolicyInForce inForce, RegisterEntry entry)
    {
        if (state.State.Standing is not { } before || state.State.PolicyVersion != inForce.Version)
        {
            Baseline(inForce);
            return;
        }

        var figures = Figures(inForce);
        var after = state.State.Standing = PupilStanding.Evaluate(inForce.Policy, figures);
        foreach (var crossing in Crossing.Between(inForce.Policy, before, after))
        {
            var number = state.State.Crossings[crossing.Kind] = state.State.Crossings.GetValueOrDefault(crossing.Kind) + 1;
            state.State.Outbox.Add(new CrossingNotice(
                $"{Upn}-{crossing.Kind}-{number}",
                Upn,
                state.State.Details?.DisplayName ?? Upn,
                state.State.Details?.RegistrationGroup ?? "",
                crossing,
                figures,
                entry,
                inForce.Policy.TrustAlerts.Contains(crossing.Kind)));
        }
    }

    /// <summary>A new baseline raises nothing: alerts follow the pupil's attendance, not history imports or policy edits.</summary>
    private void Baseline(PolicyInForce inForce)
    {
        state.State.Standing = PupilStanding.Evaluate(inForce.Policy, Figures(inForce));
        state.State.PolicyVersion = inForce.Version;
    }

    private StandingFigures Figures(PolicyInForce inForce) => StandingFigures.From(inForce.Policy, register, inForce.YearSessions);

    /// <summary>The school's policy: this silo's copy, read again when the class passes a newer version.</summary>
    private Task<PolicyInForce> Policy(long? version) => policies.Get(SchoolId, version);

    /// <summary>
    /// Sends saved crossings to the school's inbox. The mark is already durable, so a failure here does not fail it:
    /// the crossings stay in the outbox and are retried until the inbox has them.
    /// </summary>
    private async Task Deliver()
    {
        if (state.State.Outbox.Count == 0)
        {
            return;
        }

        try
        {
            await GrainFactory.GetGrain<IAlertInboxGrain>(SchoolId).Receive([.. state.State.Outbox]);

            // Cleared in memory; storage catches up with the next write, and a stale outbox is harmless to resend.
            state.State.Outbox.Clear();
            retry?.Dispose();
            retry = null;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not deliver {Count} crossing(s) for pupil {Upn} at {SchoolId}; retrying", state.State.Outbox.Count, Upn, SchoolId);
            RetryDelivery(options.Value.DeliveryRetry);
        }
    }

    private void RetryDelivery(TimeSpan dueTime) =>
        retry ??= this.RegisterGrainTimer(Deliver, new GrainTimerCreationOptions(dueTime, options.Value.DeliveryRetry) { Interleave = false });

    /// <summary>
    /// A mark is acknowledged only once it is stored. If the write fails the caller sees the error and this
    /// activation is dropped, so the next call reloads what storage really holds instead of an unsaved entry.
    /// </summary>
    private async Task WriteOrReload()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }
}
