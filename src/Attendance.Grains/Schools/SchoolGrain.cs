using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Hosting;
using Attendance.Grains.Families;

namespace Attendance.Grains.Schools;

[GenerateSerializer]
public sealed class SchoolState
{
    [Id(0)] public SchoolSettings? Settings { get; set; }

    [Id(1)] public Dictionary<string, RegistrationGroup> Classes { get; set; } = [];

    [Id(2)] public Dictionary<string, PupilDetails> Pupils { get; set; } = [];

    /// <summary>The school's own policy, or null to follow the trust's.</summary>
    [Id(3)] public AttendancePolicy? Policy { get; set; }

    /// <summary>Bumped whenever the policy in force or the calendar changes.</summary>
    [Id(4)] public long PolicyVersion { get; set; }

    /// <summary>Guest pupils' placements at provisions, by UPN.</summary>
    [Id(5)] public Dictionary<string, ProvisionPlacement> Placements { get; set; } = [];

    /// <summary>Each school year ended, by the year it starts in: what was done, kept so doing it again changes nothing.</summary>
    [Id(6)] public Dictionary<int, YearEndPlan> YearEnds { get; set; } = [];
}

[SchoolPlacement]
public sealed partial class SchoolGrain(
    [PersistentState("school", StorageNames.Attendance)] IPersistentState<SchoolState> state,
    [FromKeyedServices(SchoolClock.Key)] TimeProvider clock) : Grain, ISchoolGrain
{
    private AttendancePolicy? trustPolicy;

    private string SchoolId => this.GetPrimaryKeyString();

    public async Task<Outcome> Configure(SchoolSettings settings)
    {
        var problems = settings.Validate().ToList();
        if (state.State.Settings is null && SchoolIds.Problem(SchoolId) is { } badId)
        {
            problems.Add(badId);
        }

        if (state.State.Settings is null && await GrainFactory.GetGrain<IProvisionGrain>(SchoolId).GetSettings() is { } provision)
        {
            problems.Add($"'{SchoolId}' is already the id of the provision '{provision.Name}': schools and provisions share one set of ids.");
        }

        // Weeks stay numbered from the school's first week, whatever terms are added before it later; and the weeks
        // already past keep their numbers (checked on settings otherwise valid, by the school's own date).
        var old = state.State.Settings;
        settings = settings with { Calendar = settings.Calendar.NumberedFrom(old is null ? FirstMonday(settings.Calendar) : old.Calendar.WeeksFrom ?? FirstMonday(old.Calendar)) };
        if (problems.Count == 0 && old?.Calendar.ChangesPastWeeks(settings.Calendar, DateOnly.FromDateTime(old.LocalTime(clock.GetUtcNow()))) is { } renumbered)
        {
            problems.Add(renumbered);
        }

        if (Rejection.Of(RejectionReason.InvalidSettings, problems) is { } invalid)
        {
            return invalid;
        }

        state.State.Settings = settings;
        state.State.PolicyVersion++;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<ISchoolDirectoryGrain>(ISchoolDirectoryGrain.Key).Register(new SchoolListing(SchoolId, settings.Name));
        await GrainFactory.GetGrain<IFollowUpGrain>(SchoolId).Start();
        await GrainFactory.GetGrain<IFamilyRequestsGrain>(SchoolId).Start();
        await GrainFactory.GetGrain<ICaseworkGrain>(SchoolId).Start();
        await ConfigureClasses(state.State.Classes.Keys);
        return Outcome.Done;
    }

    public Task<SchoolSettings?> GetSettings() => Task.FromResult(state.State.Settings);

    private static DateOnly? FirstMonday(SchoolCalendar calendar) => calendar.FirstDay is { } first ? SchoolCalendar.MondayOf(first) : null;

    public async Task<PolicyInForce?> GetPolicy() => state.State.Settings is { } settings
        ? new PolicyInForce(state.State.PolicyVersion, await Policy(), state.State.Policy is not null, PolicyInForce.SessionsByYear(settings.Calendar))
        : null;

    public async Task<Outcome> SetPolicy(AttendancePolicy? policy)
    {
        if (state.State.Settings is null)
        {
            return new Rejection(RejectionReason.UnknownSchool, $"School '{SchoolId}' does not exist yet. Create it with its settings first.");
        }

        var problems = policy?.Validate().Concat(FamilyMessages.Check(policy.Families)).ToList() ?? [];
        if (Rejection.Of(RejectionReason.InvalidPolicy, problems) is { } invalid)
        {
            return invalid;
        }

        state.State.Policy = policy;
        await PolicyChanged();
        return Outcome.Done;
    }

    public async Task TrustPolicyChanged(AttendancePolicy policy)
    {
        trustPolicy = policy;
        if (state.State.Settings is not null && state.State.Policy is null)
        {
            await PolicyChanged();
        }
    }

    /// <summary>Who admitted the pupils a roster brings in, when the import does not say.</summary>
    private static readonly Staff RosterImport = new("Roster import", "School's MIS");

    public async Task<Outcome<RosterImportResult>> ImportRoster(Roster roster, Staff? by = null)
    {
        var (preview, problems) = Plan(roster);
        if (preview is null)
        {
            return NotImported(problems);
        }

        var joining = preview.PupilsAdded.Select(p => p.Upn).ToHashSet();
        var firstRoll = state.State.Pupils.Count == 0;

        var affectedClasses = roster.Classes.Select(c => c.Id)
            .Concat(roster.Pupils.Select(p => p.RegistrationGroup))
            .Concat(preview.PupilsMoved.Select(p => p.FromClassId!))
            .ToHashSet();

        foreach (var group in roster.Classes)
        {
            state.State.Classes[group.Id] = group;
        }

        var emails = roster.Pupils.SelectMany(p => Emails(state.State.Pupils.GetValueOrDefault(p.Upn)).Concat(Emails(p))).ToHashSet();
        foreach (var pupil in roster.Pupils)
        {
            state.State.Pupils[pupil.Upn] = pupil;
        }

        await state.WriteStateAsync();

        // The school's roster is saved first; a failure below is repaired by importing the same file again.
        await Task.WhenAll(roster.Pupils.Select(p => GrainFactory.GetPupil(SchoolId, p.Upn).UpdateDetails(p)));
        await Admit(roster, joining, firstRoll, by ?? RosterImport, affectedClasses);
        await Task.WhenAll(emails.Select(email => GrainFactory.GetParent(email).SetChildren(SchoolId,
            [.. state.State.Pupils.Values.Where(p => Emails(p).Contains(email)).Select(p => p.Upn).Order(StringComparer.Ordinal)])));
        return preview.Counts;
    }

    public async Task<PupilDetails?> ChangeContact(string upn, string email, string? phone, string? newEmail)
    {
        if (!state.State.Pupils.TryGetValue(upn, out var asked) || !asked.Contacts.Any(c => c.HasEmail(email)))
        {
            return null;
        }

        // The parent is the same contact of each of their children here: all change, or the family would be split
        // between the old address's account and the new one's. The school's records as they are now, read and written
        // in one turn, so a roster import or year end in between cannot be undone by it.
        var changed = state.State.Pupils.Values.Where(p => p.Contacts.Any(c => c.HasEmail(email)))
            .Select(p => p with { Contacts = [.. p.Contacts.Select(c => c.HasEmail(email) ? c with { Phone = phone ?? c.Phone, Email = newEmail ?? c.Email } : c)] })
            .ToList();
        var emails = changed.SelectMany(p => Emails(state.State.Pupils[p.Upn]).Concat(Emails(p))).ToHashSet();
        foreach (var pupil in changed)
        {
            state.State.Pupils[pupil.Upn] = pupil;
        }

        await state.WriteStateAsync();
        await Task.WhenAll(changed.Select(p => GrainFactory.GetPupil(SchoolId, p.Upn).UpdateDetails(p)));
        await Task.WhenAll(emails.Select(address => GrainFactory.GetParent(address).SetChildren(SchoolId,
            [.. state.State.Pupils.Values.Where(p => Emails(p).Contains(address)).Select(p => p.Upn).Order(StringComparer.Ordinal)])));
        return state.State.Pupils[upn];
    }

    /// <summary>
    /// Records the admission of every pupil of the roster not yet in the admission register, on their entry date. A
    /// school's first roster is the roll it arrives with (its old system made those returns), so its pupils without an
    /// entry date are on roll from the calendar's first day and no return is raised. Pupils joining a roll already here
    /// start on their entry date, or today, and the local authority's new pupil return is raised for each, except for a
    /// pupil joining the most junior class on the first day of the year (regulation 13(2)). Then the roster's classes
    /// (<paramref name="classIds"/>) learn their members.
    /// </summary>
    private async Task Admit(Roster roster, HashSet<string> joining, bool firstRoll, Staff by, IEnumerable<string> classIds)
    {
        var settings = state.State.Settings!;
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(settings.LocalTime(now));
        // The first roll brings the old system's pupils: on roll from the calendar's first day, so that the history of
        // every year the school entered can be imported.
        var yearStart = settings.Calendar.FirstDay ?? today;
        var admitted = await Admissions.AdmitNew(
            [.. roster.Pupils.Select(p => new NewAdmission(p.Upn, p.EntryDate ?? (firstRoll || !joining.Contains(p.Upn) ? yearStart : today)))], by, now);
        await Recorded([.. admitted.Where(a => !firstRoll && joining.Contains(a.Upn))], regulation13: true, classIds);
    }

    /// <summary>
    /// A deletion or a readmission by the office: the line in the admission register, then the local authority's
    /// return and the pupil's class's roll. The same line sent again is answered with the line already made, and the
    /// steps after it are done again (the return's task id is fixed by the line), so a request that failed part-way is
    /// finished by sending it again.
    /// </summary>
    public async Task<Outcome<AdmissionEntry>> RecordAdmission(AdmissionEntry entry)
    {
        if (state.State.Settings is null)
        {
            return UnknownSchool();
        }

        if (state.State.Pupils.GetValueOrDefault(entry.Upn) is not { } pupil)
        {
            return new Rejection(RejectionReason.UnknownPupil, $"No pupil with UPN '{entry.Upn}' is on roll at school '{SchoolId}'.");
        }

        if (entry is { Kind: AdmissionEntryKind.Deletion, Ground: { } ground } && Enum.IsDefined(ground))
        {
            // Only ground (i) needs the register: asked of the pupil for that ground alone.
            var run = ground == DeletionGround.ContinuouslyAbsent20Days
                ? (await GrainFactory.GetPupil(SchoolId, entry.Upn).GetAbsenceRun(state.State.Settings.Calendar, state.State.Settings.Calendar.SchoolDayOnOrBefore(entry.On))).UnauthorisedDays
                : 0;
            if (DeletionRules.Refuse(ground, entry.On, pupil.YearGroup, run, entry.Note) is { } problem)
            {
                return new Rejection(RejectionReason.AdmissionRefused, problem, [AdmissionEntry.Regulation(ground)]);
            }
        }

        var outcome = await Admissions.Record(entry);
        if (outcome.Value is { } line)
        {
            // The office's readmissions always raise the new pupil return (regulation 13(2) is for a roster's new pupils).
            await Recorded([line], regulation13: false, [pupil.RegistrationGroup]);
        }

        return outcome;
    }

    /// <summary>
    /// After lines are recorded in the admission register: the local authority's return for each (a follow-up task
    /// whose id the line fixes, so doing this again adds nothing), then the classes learn the days their pupils are on
    /// roll.
    /// </summary>
    /// <param name="lines">Lines that may need a return: a deletion always does; an admission as <paramref name="regulation13"/> says.</param>
    /// <param name="regulation13">
    /// An admission needs the new pupil return unless the pupil joins the most junior class on the first day of the year
    /// (regulation 13(2)): applied to a roster's new pupils; false raises it for every admission (a readmission).
    /// </param>
    private async Task Recorded(IReadOnlyList<AdmissionEntry> lines, bool regulation13, IEnumerable<string> classIds)
    {
        var settings = state.State.Settings!;
        var years = state.State.Pupils.Values.Select(p => p.YearGroup).ToList();
        var returns = lines
            .Where(l => state.State.Pupils.ContainsKey(l.Upn))
            .Where(l => !regulation13 || l.Kind != AdmissionEntryKind.Admission
                || AdmissionReturns.NewPupilReturnNeeded(state.State.Pupils[l.Upn].YearGroup, l.On, settings.Calendar.FirstDayOf(AcademicYear.Of(l.On)) ?? l.On, years))
            .Select(l => AdmissionReturnTasks.For(SchoolId, l, state.State.Pupils[l.Upn], settings))
            .ToList();
        if (returns.Count > 0)
        {
            await GrainFactory.GetGrain<IFollowUpGrain>(SchoolId).Add(returns);
        }

        await ConfigureClasses(classIds);
    }

    private IAdmissionRegisterGrain Admissions => GrainFactory.GetGrain<IAdmissionRegisterGrain>(SchoolId);

    /// <summary>The e-mail addresses of a pupil's contacts, as parent accounts are keyed (lower case).</summary>
    private static IEnumerable<string> Emails(PupilDetails? pupil) =>
        pupil?.Contacts.Where(c => !string.IsNullOrWhiteSpace(c.Email)).Select(c => c.Email!.Trim().ToLowerInvariant()) ?? [];

    public Task<Outcome<RosterPreview>> PreviewRoster(Roster roster)
    {
        var (preview, problems) = Plan(roster);
        return Task.FromResult<Outcome<RosterPreview>>(preview is null ? NotImported(problems) : preview);
    }

    /// <summary>A roster refused whole: nothing imported, every problem named.</summary>
    private static Rejection NotImported(IReadOnlyList<string> problems) => Rejection.NotImported(RejectionReason.InvalidRoster, problems);

    /// <summary>What a roster would change (an import and its preview are the same plan), or why it cannot be imported.</summary>
    private (RosterPreview? Preview, IReadOnlyList<string> Problems) Plan(Roster roster)
    {
        if (state.State.Settings is not { } settings)
        {
            return (null, [$"School '{SchoolId}' does not exist yet. Create it with its settings first."]);
        }

        var today = DateOnly.FromDateTime(settings.LocalTime(clock.GetUtcNow()));
        var problems = RosterValidation.Validate(roster, state.State.Classes.Keys, today).ToList();
        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var existing = state.State.Pupils;
        RosterPupilChange Change(PupilDetails p) => new(p.Upn, p.DisplayName, p.RegistrationGroup, existing.GetValueOrDefault(p.Upn)?.RegistrationGroup);
        var classesAdded = roster.Classes.Where(c => !state.State.Classes.ContainsKey(c.Id)).ToList();
        var classesUpdated = roster.Classes.Where(c => state.State.Classes.TryGetValue(c.Id, out var old) && old != c).ToList();
        var added = roster.Pupils.Where(p => !existing.ContainsKey(p.Upn)).Select(Change).ToList();
        var updated = roster.Pupils.Where(p => existing.TryGetValue(p.Upn, out var old) && old != p).Select(Change).ToList();
        var moved = updated.Where(p => p.FromClassId != p.ClassId).ToList();
        var counts = new RosterImportResult(classesAdded.Count, classesUpdated.Count, added.Count, updated.Count, moved.Count);
        return (new RosterPreview(counts, classesAdded, classesUpdated, added, updated, moved, roster.Pupils.Count - added.Count - updated.Count), []);
    }

    /// <summary>The pupils on roll: a pupil whose name was deleted before today is no longer listed (their register stays).</summary>
    public async Task<IReadOnlyList<PupilListing>> GetPupils()
    {
        var today = state.State.Settings is { } settings ? DateOnly.FromDateTime(settings.LocalTime(clock.GetUtcNow())) : DateOnly.MinValue;
        var rolls = await Admissions.Rolls([.. state.State.Pupils.Keys]);
        return [.. state.State.Pupils.Values
            .Where(p => !rolls.TryGetValue(p.Upn, out var periods) || periods.Any(r => r.To is null || r.To >= today))
            .OrderBy(p => p.PreferredSurname ?? p.LegalSurname, StringComparer.Ordinal).ThenBy(p => p.DisplayName, StringComparer.Ordinal)
            .Select(p => new PupilListing(p.Upn, p.DisplayName, p.LegalName, p.RegistrationGroup, p.YearGroup))];
    }

    public Task<IReadOnlyList<RegistrationGroup>> GetClasses() =>
        Task.FromResult<IReadOnlyList<RegistrationGroup>>([.. state.State.Classes.Values.OrderBy(c => c.Id, StringComparer.Ordinal)]);

    public async Task<PupilDetails?> PlaceGuest(string upn, ProvisionPlacement placement)
    {
        if (state.State.Pupils.GetValueOrDefault(upn) is not { } pupil)
        {
            return null;
        }

        if (state.State.Placements.GetValueOrDefault(upn) != placement)
        {
            state.State.Placements[upn] = placement;
            await state.WriteStateAsync();
            await ConfigureClasses([pupil.RegistrationGroup]);
        }

        return pupil;
    }

    public Task<string?> FindClassOf(string upn) =>
        Task.FromResult(state.State.Pupils.GetValueOrDefault(upn)?.RegistrationGroup);

    public Task<IReadOnlyDictionary<string, string>> GetClassOfEachPupil() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(state.State.Pupils.ToDictionary(p => p.Key, p => p.Value.RegistrationGroup, StringComparer.Ordinal));

    public async Task<SchoolStatus?> GetLiveStatus()
    {
        if (state.State.Settings is not { } settings)
        {
            return null;
        }

        var local = settings.LocalTime(clock.GetUtcNow());
        var session = SessionRules.LatestSession(settings.Calendar, settings.SessionTimes, local);
        var statuses = session is { } shown
            ? (await Task.WhenAll(state.State.Classes.Keys.Order(StringComparer.Ordinal).Select(id => GrainFactory.GetClass(SchoolId, id).GetStatus(shown)))).OfType<ClassSessionStatus>().ToList()
            : [];
        return new SchoolStatus(SchoolId, settings.Name, session, session?.Date == DateOnly.FromDateTime(local), (await Policy()).TargetPercent,
            SessionCounts.Sum(statuses.Select(c => c.Counts)), statuses);
    }

    public async Task CheckAgainstUsual(Session session)
    {
        if (state.State.Settings is not { } settings)
        {
            return;
        }

        var policy = await Policy();
        var today = await CountsOf(session);
        var earlier = await Task.WhenAll(UsualAttendance.EarlierSessions(settings.Calendar, session, policy.SchoolUsualWeeks).Select(CountsOf));
        if (!UsualAttendance.IsWellBelow(policy, today, earlier))
        {
            return;
        }

        var usual = SessionCounts.Sum(earlier).AttendancePercent;
        var weekday = $"{session.Date.DayOfWeek} {(session.Part == SessionPart.AM ? "mornings" : "afternoons")}";
        await GrainFactory.GetGrain<IAlertInboxGrain>(SchoolId).Raise(AttendanceAlert.Raise(
            $"school-{session}-below-usual", SchoolId, upn: null, pupilName: null, classId: null, CrossingKind.SchoolBelowUsual,
            $"usual {usual:0.0}%", $"{today.AttendancePercent:0.0}%",
            "Look for a shared cause (illness outbreak, weather, transport, an event), brief the attendance team and prioritise first-day calls.",
            $"{settings.Name}: {session} attendance {today.AttendancePercent:0.0}% against a usual {usual:0.0}% for {weekday} (last {earlier.Length} open weeks).",
            clock.GetUtcNow(), policy.TrustAlerts.Contains(CrossingKind.SchoolBelowUsual)));
    }

    private async Task<SessionCounts> CountsOf(Session session) => SessionCounts.Sum(
        (await Task.WhenAll(state.State.Classes.Keys.Select(id => GrainFactory.GetClass(SchoolId, id).GetCounts(session)))).OfType<SessionCounts>());

    private async Task<AttendancePolicy> Policy() =>
        state.State.Policy ?? (trustPolicy ??= await GrainFactory.GetGrain<ITrustPolicyGrain>(ITrustPolicyGrain.Key).GetPolicy());

    /// <summary>A new version reaches every class, and with the next mark every pupil, who then reads the policy again.</summary>
    private async Task PolicyChanged()
    {
        state.State.PolicyVersion++;
        await state.WriteStateAsync();
        await ConfigureClasses(state.State.Classes.Keys);
    }

    /// <summary>Gives each class its members, with the days each is on roll (from the admission register).</summary>
    private async Task ConfigureClasses(IEnumerable<string> classIds)
    {
        var ids = classIds.ToHashSet();
        var rolls = await Admissions.Rolls([.. state.State.Pupils.Values.Where(p => ids.Contains(p.RegistrationGroup)).Select(p => p.Upn)]);
        var teacherCodes = (await Policy()).TeacherCodes;
        await Task.WhenAll(ids.Select(id =>
        {
            var members = state.State.Pupils.Values
                .Where(p => p.RegistrationGroup == id)
                .OrderBy(p => p.LegalSurname, StringComparer.Ordinal).ThenBy(p => p.LegalForename, StringComparer.Ordinal)
                .Select(p => new ClassMember(p.Upn, p.DisplayName, state.State.Placements.GetValueOrDefault(p.Upn), p.LegalName, p.Flags, rolls.GetValueOrDefault(p.Upn)))
                .ToList();
            return GrainFactory.GetClass(SchoolId, id).Configure(new ClassSetup(SchoolId, state.State.Classes[id], state.State.Settings!, members, state.State.PolicyVersion, teacherCodes));
        }));
    }
}
