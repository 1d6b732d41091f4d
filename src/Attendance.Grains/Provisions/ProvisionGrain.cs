using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Microsoft.Extensions.Options;
using Attendance.Grains.FollowUp;
using Attendance.Grains.Hosting;
using Attendance.Grains.Schools;

namespace Attendance.Grains.Provisions;

[GenerateSerializer]
public sealed class ProvisionState
{
    [Id(0)] public SchoolSettings? Settings { get; set; }

    [Id(1)] public Dictionary<string, Guest> Guests { get; set; } = [];

    /// <summary>The provision's own register: each guest's marks and amendments, in order.</summary>
    [Id(2)] public Dictionary<string, List<RegisterEntry>> Marks { get; set; } = [];

    /// <summary>Call-parent tasks raised, by task id: a guest is chased once per session.</summary>
    [Id(3)] public HashSet<string> Called { get; set; } = [];
}

/// <summary>
/// An enhanced provision (seed 000). Its register is kept here; every mark also reaches the referring school at
/// once (the agreement code when the guest is here, <c>N</c> when they are not, which that school then follows up),
/// and a reminder checks each minute, surviving restarts, for guests not arrived by the policy's minutes.
/// </summary>
public sealed class ProvisionGrain(
    [PersistentState("provision", StorageNames.Attendance)] IPersistentState<ProvisionState> state,
    IOptions<FollowUpOptions> options,
    [FromKeyedServices(SchoolClock.Key)] TimeProvider clock) : Grain, IProvisionGrain, IRemindable
{
    private const string Reminder = "guest-arrivals";
    private readonly Dictionary<string, PupilRegister> registers = [];

    private string ProvisionId => this.GetPrimaryKeyString();

    private SchoolSettings Settings => state.State.Settings!;

    public async Task<Outcome> Configure(SchoolSettings settings)
    {
        var problems = settings.Validate().ToList();
        if (state.State.Settings is null && SchoolIds.Problem(ProvisionId) is { } badId)
        {
            problems.Add(badId);
        }

        if (state.State.Settings is null && await GrainFactory.GetGrain<ISchoolGrain>(ProvisionId).GetSettings() is { } school)
        {
            problems.Add($"'{ProvisionId}' is already the id of the school '{school.Name}': schools and provisions share one set of ids.");
        }

        if (Rejection.Of(RejectionReason.InvalidSettings, problems) is { } invalid)
        {
            return invalid;
        }

        state.State.Settings = settings;
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(Reminder, options.Value.CheckEvery, options.Value.CheckEvery);
        return Outcome.Done;
    }

    public Task<SchoolSettings?> GetSettings() => Task.FromResult(state.State.Settings);

    public async Task<Outcome> PlaceGuest(GuestPlacement placement)
    {
        if (state.State.Settings is null)
        {
            return NoProvision();
        }

        var problems = placement.Schedule?.Validate().ToList() ?? ["The placement needs a schedule."];
        if (!GuestPlacement.AgreementCodes.Contains(placement.AgreementCode))
        {
            problems.Add($"The agreement code is '{placement.AgreementCode}': use B (approved educational activity), K (arranged by the local authority) or D (dual registered).");
        }

        if (problems.Count > 0)
        {
            return new Rejection(RejectionReason.InvalidRequest, string.Join(" ", problems), ["schedule", "agreementCode"]);
        }

        var pupil = await GrainFactory.GetGrain<ISchoolGrain>(placement.SchoolId)
            .PlaceGuest(placement.Upn, new ProvisionPlacement(ProvisionId, Settings.Name, placement.Schedule!, placement.AgreementCode));
        if (pupil is null)
        {
            return new Rejection(RejectionReason.UnknownPupil, $"Pupil {placement.Upn} is not on roll at school '{placement.SchoolId}'.", [placement.Upn]);
        }

        state.State.Guests[placement.Upn] = new Guest(placement, pupil.DisplayName, pupil.RegistrationGroup, pupil.Flags, pupil.Contacts);
        await state.WriteStateAsync();
        return Outcome.Done;
    }

    public Task<IReadOnlyList<Guest>> GetGuests() =>
        Task.FromResult<IReadOnlyList<Guest>>([.. state.State.Guests.Values.OrderBy(g => g.Name, StringComparer.Ordinal)]);

    public async Task<Outcome<RegisterEntry>> RecordArrival(GuestArrival arrival)
    {
        if (state.State.Settings is not { } settings)
        {
            return NoProvision();
        }

        var now = clock.GetUtcNow();
        var local = settings.LocalTime(arrival.ArrivedAt ?? now);
        var time = TimeOnly.FromDateTime(local);
        var session = new Session(DateOnly.FromDateTime(local), settings.SessionTimes.SessionAt(time));
        if ((Check(arrival.Upn, session, arrival.RecordedBy, laterToday: false) ?? NotNow(settings, session, arrival.ArrivedAt ?? now, now)) is { } refused)
        {
            return refused;
        }

        var guest = state.State.Guests[arrival.Upn];
        var register = Register(arrival.Upn);
        var code = settings.SessionTimes.For(session.Part).CodeForArrival(time, session.Part);
        var entry = Entry(session, code.Code, arrival.RecordedBy, now) with { ArrivedAt = time };
        var current = register.CurrentMark(session);
        if (current is null || current.Category != AttendanceCategory.Present)
        {
            // An arrival after an absence was recorded (brought in later) amends it, keeping the original.
            entry = current is null ? entry : entry with { AmendmentReason = $"Arrived at {time:HH:mm}" };
            await Save(arrival.Upn, entry, current is null ? register.Mark : register.Amend);
        }
        else
        {
            entry = current;
        }

        var staff = AtProvision(arrival.RecordedBy);
        await TellSchool(guest, session, guest.Placement.AgreementCode, staff, $"Arrived at {Settings.Name} at {time:HH:mm}");
        await CloseCall(guest, session, staff, $"Arrived at {time:HH:mm}");
        return entry;
    }

    public async Task<Outcome<RegisterEntry>> RecordAbsence(GuestAbsence absence)
    {
        if (Check(absence.Upn, absence.Session, absence.RecordedBy, laterToday: true) is { } refused)
        {
            return refused;
        }

        if (!NationalCodes.TryGet(absence.Code, out var code) || code.Category.CountsAsAttendance())
        {
            return Refuse(RejectionReason.UnknownCode, $"'{absence.Code}' is not a national code for an absence (e.g. I for illness, M for a medical appointment, N when no reason is known).", absence.Code);
        }

        if (string.IsNullOrWhiteSpace(absence.Reason))
        {
            return Refuse(RejectionReason.InvalidRequest, "Say what the parent said (or that nobody could be reached).", "reason");
        }

        if (Register(absence.Upn).CurrentMark(absence.Session) is { } current)
        {
            return Refuse(RejectionReason.AlreadyMarked, $"Pupil {absence.Upn} is already marked '{current.Code}' at {Settings.Name} for {absence.Session}.", absence.Upn);
        }

        var guest = state.State.Guests[absence.Upn];
        var entry = Entry(absence.Session, code.Code, absence.RecordedBy, clock.GetUtcNow());
        await Save(absence.Upn, entry, Register(absence.Upn).Mark);
        var staff = AtProvision(absence.RecordedBy);
        await TellSchool(guest, absence.Session, NationalCodes.ReasonNotYetEstablished.Code, staff, reason: null);
        await AlertSchool(guest, absence);
        await CloseCall(guest, absence.Session, staff, $"Cannot attend: '{code.Code}' ({absence.Reason.Trim()})");
        return entry;
    }

    public async Task CheckArrivals(Session session)
    {
        if (state.State.Settings is not { } settings || !settings.Calendar.IsOpen(session))
        {
            return;
        }

        var minutes = (await GrainFactory.GetGrain<ITrustPolicyGrain>(ITrustPolicyGrain.Key).GetPolicy()).FollowUp.GuestArrivalMinutes;
        var callAt = GuestSchedule.CallParentAt(session, settings.SessionTimes, minutes);
        if (settings.LocalTime(clock.GetUtcNow()) < callAt)
        {
            return;
        }

        var missing = state.State.Guests.Values
            .Where(g => g.Placement.Schedule.Includes(session) && Register(g.Placement.Upn).CurrentMark(session) is null && !state.State.Called.Contains(CallId(g, session)))
            .ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var starts = settings.SessionTimes.For(session.Part).Opens;
        var tasks = missing.Select(g => new FollowUpTask(
            CallId(g, session), ProvisionId, FollowUpKind.CallParent, g.Placement.SchoolId, g.Placement.Upn, g.Name, g.ClassId, session,
            $"{g.Name} has not arrived at {settings.Name} for the {session} session (starts {starts:HH:mm}). Call the parent; the referring school is told either way.",
            clock.GetUtcNow(), settings.InstantOf(callAt), g.Flags, g.Contacts, NextContact: 0, Calls: [], Closed: null)).ToList();

        // Tasks first (ids make a repeat harmless), then remember them: a crash in between chases again, never not at all.
        await GrainFactory.GetGrain<IFollowUpGrain>(ProvisionId).Add(tasks);
        state.State.Called.UnionWith(tasks.Select(t => t.Id));
        await state.WriteStateAsync();
        var staff = new Staff(settings.Name, "Enhanced provision");
        foreach (var guest in missing)
        {
            await TellSchool(guest, session, NationalCodes.ReasonNotYetEstablished.Code, staff, reason: null);
        }
    }

    public Task<ProvisionDay?> GetDay(DateOnly date)
    {
        if (state.State.Settings is not { } settings)
        {
            return Task.FromResult<ProvisionDay?>(null);
        }

        var lines = new[] { SessionPart.AM, SessionPart.PM }
            .Select(part => new Session(date, part))
            .Where(settings.Calendar.IsOpen)
            .SelectMany(session => state.State.Guests.Values
                .Where(g => g.Placement.Schedule.Includes(session))
                .OrderBy(g => g.Name, StringComparer.Ordinal)
                .Select(g => new GuestLine(g, session, Register(g.Placement.Upn).CurrentMark(session), state.State.Called.Contains(CallId(g, session)))))
            .ToList();
        return Task.FromResult<ProvisionDay?>(new ProvisionDay(ProvisionId, settings.Name, date, lines));
    }

    public async Task<GuestView?> GetGuest(string upn)
    {
        if (state.State.Settings is not { } settings || !state.State.Guests.TryGetValue(upn, out var guest))
        {
            return null;
        }

        var register = Register(upn);
        var current = register.Entries.Select(e => e.Session).Distinct().Select(s => register.CurrentMark(s)!).ToList();
        var school = GrainFactory.GetGrain<ISchoolGrain>(guest.Placement.SchoolId);
        var schoolSettings = await school.GetSettings();
        var today = DateOnly.FromDateTime((schoolSettings ?? settings).LocalTime(clock.GetUtcNow()));
        var atSchool = await GrainFactory.GetPupil(guest.Placement.SchoolId, upn).GetSummary(today, null);
        return new GuestView(
            guest, settings.Name, register.Entries,
            current.Count(e => e.Category.CountsAsAttendance()),
            current.Count(e => !e.Category.CountsAsAttendance()),
            atSchool, atSchool?.Attendance.IsPersistentlyAbsent);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Settings is not { } settings)
        {
            return;
        }

        var today = DateOnly.FromDateTime(settings.LocalTime(clock.GetUtcNow()));
        foreach (var part in new[] { SessionPart.AM, SessionPart.PM })
        {
            await CheckArrivals(new Session(today, part));
        }
    }

    /// <summary>
    /// The referring school's register for the session: the agreement code when the guest is here (replacing an
    /// <c>N</c>), <c>N</c> when not. A mark the school already made is left alone; resending does no harm.
    /// </summary>
    private async Task TellSchool(Guest guest, Session session, string code, Staff staff, string? reason)
    {
        var (schoolId, upn) = (guest.Placement.SchoolId, guest.Placement.Upn);
        if (await GrainFactory.GetGrain<ISchoolGrain>(schoolId).FindClassOf(upn) is not { } classId)
        {
            return; // no longer on roll there
        }

        var register = GrainFactory.GetClass(schoolId, classId);
        var current = await GrainFactory.GetPupil(schoolId, upn).GetCode(session);
        if (current is null)
        {
            await register.Mark(new SingleMark(upn, session, code, staff, MarkSource.Provision));
        }
        else if (current == NationalCodes.ReasonNotYetEstablished.Code && reason is not null)
        {
            await register.Amend(new Amendment(upn, session, code, reason, staff, MarkSource.Provision));
        }
    }

    /// <summary>Seed 000: the referring school is always told when a guest cannot attend, whatever the parent says.</summary>
    private async Task AlertSchool(Guest guest, GuestAbsence absence)
    {
        var schoolId = guest.Placement.SchoolId;
        var policy = await GrainFactory.GetGrain<ISchoolGrain>(schoolId).GetPolicy();
        var told = absence.ParentSaysSchoolTold ? "says they already told the school" : "has not told the school";
        await GrainFactory.GetGrain<IAlertInboxGrain>(schoolId).Raise(AttendanceAlert.Raise(
            $"{guest.Placement.Upn}-{absence.Session}-guest-absent", schoolId, guest.Placement.Upn, guest.Name, guest.ClassId, CrossingKind.GuestAbsent,
            Settings.Name, absence.Code,
            "Confirm the reason with the parent and amend the N on your register: a reason given to the provision does not by itself authorise the absence.",
            $"{guest.Name} ({guest.ClassId}) cannot attend {Settings.Name} for {absence.Session}: {absence.Reason.Trim()} (recorded '{absence.Code}' there by {absence.RecordedBy.Name}; the parent {told}).",
            clock.GetUtcNow(), policy?.Policy.TrustAlerts.Contains(CrossingKind.GuestAbsent) == true));
    }

    private Task CloseCall(Guest guest, Session session, Staff staff, string outcome) =>
        state.State.Called.Contains(CallId(guest, session))
            ? GrainFactory.GetGrain<IFollowUpGrain>(ProvisionId).Close(CallId(guest, session), new TaskClosure(clock.GetUtcNow(), staff, outcome, ContactMade: true))
            : Task.CompletedTask;

    private Rejection? Check(string upn, Session session, Staff? staff, bool laterToday)
    {
        if (state.State.Settings is not { } settings)
        {
            return NoProvision();
        }

        if (!state.State.Guests.TryGetValue(upn, out var guest))
        {
            return Refuse(RejectionReason.NotAGuest, $"Pupil {upn} is not a guest of {settings.Name}.", upn);
        }

        if (Rejection.WithoutStaff(staff) is { } noStaff)
        {
            return noStaff;
        }

        if (!guest.Placement.Schedule.Includes(session))
        {
            return Refuse(RejectionReason.NotExpected, $"{guest.Name} is not expected at {settings.Name} on {session.Date.DayOfWeek} {session.Part}; their schedule is {Describe(guest.Placement.Schedule)}.", upn);
        }

        var localNow = settings.LocalTime(clock.GetUtcNow());
        return SessionRules.CheckCanMark(settings.Calendar, settings.SessionTimes, session, localNow) switch
        {
            SessionClosedReason.SchoolClosed => Refuse(RejectionReason.SchoolClosed, $"{settings.Name} is closed for the {session} session."),
            SessionClosedReason.FutureSession when !(laterToday && session.Date == DateOnly.FromDateTime(localNow)) =>
                Refuse(RejectionReason.FutureSession, $"The {session} session at {settings.Name} has not started yet."),
            _ => null,
        };
    }

    /// <summary>
    /// A provision records arrivals as they happen: in the session under way and not later than now. An arrival in an
    /// earlier session would turn the referring school's N into the agreement code after the fact; that is the
    /// school's amendment to make, with its reason.
    /// </summary>
    private Rejection? NotNow(SchoolSettings settings, Session session, DateTimeOffset arrivedAt, DateTimeOffset now)
    {
        var localNow = settings.LocalTime(now);
        var current = new Session(DateOnly.FromDateTime(localNow), settings.SessionTimes.SessionAt(TimeOnly.FromDateTime(localNow)));
        return session == current && arrivedAt <= now
            ? null
            : Refuse(RejectionReason.NotCurrentSession,
                $"{Settings.Name} records arrivals in the session under way ({current}); an arrival for {session} at {settings.LocalTime(arrivedAt):HH:mm} cannot be recorded now. Ask the referring school to amend its register, with the reason.");
    }

    private static string Describe(GuestSchedule schedule) => string.Join(", ", schedule.Sessions.Select(s => $"{s.Day} {s.Part}"));

    private async Task Save(string upn, RegisterEntry entry, Func<RegisterEntry, EntryOutcome> apply)
    {
        apply(entry);
        if (!state.State.Marks.TryGetValue(upn, out var entries))
        {
            entries = state.State.Marks[upn] = [];
        }

        entries.Add(entry);
        await state.WriteStateAsync();
    }

    private PupilRegister Register(string upn)
    {
        if (!registers.TryGetValue(upn, out var register))
        {
            register = registers[upn] = new PupilRegister(state.State.Marks.GetValueOrDefault(upn));
        }

        return register;
    }

    private RegisterEntry Entry(Session session, string code, Staff staff, DateTimeOffset now) =>
        new(session, code, MarkSource.Provision, staff, now, Settings.Calendar.SchoolWeek(session.Date) ?? 0);

    /// <summary>Provision staff as the referring school's register records them: with the provision's name.</summary>
    private Staff AtProvision(Staff staff) => new(staff.Name, $"{staff.Position}, {Settings.Name}");

    private static string CallId(Guest guest, Session session) => $"call-parent-{guest.Placement.Upn}-{session}";

    private Rejection NoProvision() => new(RejectionReason.UnknownProvision, $"There is no provision '{ProvisionId}'. Create it with its settings first.");

    private static Rejection Refuse(RejectionReason reason, string detail, params string[] items) => new(reason, detail, items);
}
