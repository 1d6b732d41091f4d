using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Microsoft.Extensions.Options;
using Attendance.Grains.Schools;
using Attendance.Grains.FollowUp;
using Attendance.Grains.Hosting;
using Attendance.Grains.Registers;

namespace Attendance.Grains.Families;

[GenerateSerializer]
public sealed class FamilyRequestsState
{
    [Id(0)] public Dictionary<string, AbsenceReport> Reports { get; set; } = [];

    [Id(1)] public Dictionary<string, LeaveRequest> Leave { get; set; } = [];

    /// <summary>The sessions of decided requests already dealt with on the register ("request id/session"), and the requests with all of them done (their id).</summary>
    [Id(2)] public HashSet<string> Applied { get; set; } = [];

    [Id(3)] public Dictionary<string, ContactChange> ContactChanges { get; set; } = [];
}

/// <summary>
/// A school's absence reports and leave requests. A decision becomes the sessions' codes as they come: an accepted
/// report's code and granted leave once each session's register has opened (the pupil unmarked or <c>N</c>; a pupil
/// who came in keeps their mark), refused leave as <c>G</c> once the register has closed with the pupil absent
/// without a reason. A reminder does this every minute, so it survives restarts.
/// </summary>
[SchoolPlacement]
public sealed partial class FamilyRequestsGrain(
    [PersistentState("family-requests", StorageNames.Attendance)] IPersistentState<FamilyRequestsState> state,
    IOptions<FollowUpOptions> options,
    [FromKeyedServices(SchoolClock.Key)] TimeProvider clock) : Grain, IFamilyRequestsGrain, IRemindable
{
    private const string Reminder = "family-requests";

    // The longest absence report or leave request: a term.
    private const int MostSchoolDays = 65;

    /// <summary>The longest span of days a report or request may cover (65 school days with the holidays between) and how far ahead it may start.</summary>
    private const int MostDaysSpanned = 183;

    private const int MostDaysAhead = 366;

    private string SchoolId => this.GetPrimaryKeyString();

    private ISchoolGrain School => GrainFactory.GetGrain<ISchoolGrain>(SchoolId);

    public Task Start() => this.RegisterOrUpdateReminder(Reminder, options.Value.CheckEvery, options.Value.CheckEvery);

    public Task ReceiveReminder(string reminderName, TickStatus status) => CheckDue();

    public async Task<Outcome<AbsenceReport>> Report(NewAbsenceReport report)
    {
        var (pupil, settings, refused) = await Check(report.Upn, report.Sessions, report.By, "report", explainsPast: true);
        if (refused is not null)
        {
            return refused;
        }

        if (!Enum.IsDefined(report.Reason))
        {
            return new Rejection(RejectionReason.InvalidRequest,
                $"The reason must be one of {string.Join(", ", Enum.GetNames<ParentReason>())}.", ["reason"]);
        }

        var now = clock.GetUtcNow();
        var (late, sessions) = await RunningLate(report, pupil!, settings!.LocalTime(now));
        if (late is not null)
        {
            return late;
        }

        report = report with { Sessions = sessions ?? report.Sessions };
        var saved = new AbsenceReport(RecordIds.New("report"), SchoolId, pupil!.Upn, pupil.DisplayName, report.Sessions, report.Reason,
            Trimmed(report.Details), report.By, now, ReportStatus.Reported, null, report.ArrivingAt);
        state.State.Reports[saved.Id] = saved;
        await state.WriteStateAsync();
        await Changed(saved, null);

        // The first-day calls already raised for the days it covers (today's, or the past days it explains) are
        // closed: the parent has been in touch.
        var today = Today(settings!);
        foreach (var day in report.Sessions.OpenSessions(settings!.Calendar).Select(s => s.Date).Where(d => d <= today).Distinct())
        {
            await GrainFactory.GetGrain<IFollowUpGrain>(SchoolId).Close($"call-{pupil.Upn}-{day:yyyy-MM-dd}",
                new TaskClosure(now, new Staff(report.By.Name, "Parent"), $"Reported by parent: {Describe(saved)}", ContactMade: true));
        }

        return saved;
    }

    public async Task<Outcome<AbsenceReport>> Answer(ReportAnswer answer)
    {
        if (state.State.Reports.GetValueOrDefault(answer.ReportId) is not { } report)
        {
            return Unknown(answer.ReportId);
        }

        if (report.Status == ReportStatus.Accepted)
        {
            return AlreadyDecided(report.Decision!, "accepted");
        }

        if (report.Reason == ParentReason.RunningLate)
        {
            return new Rejection(RejectionReason.InvalidRequest,
                $"A parent's running-late notice needs no answer: {report.PupilName}'s arrival at the gate or reception gives the mark (L before the register closes, U after). If they do not come, call home.", ["accept"]);
        }

        var refused = Rejection.WithoutStaff(answer.By, "answering this report")
            ?? NoNote(answer.Note, answer.Accept ? "why the code fits (e.g. \"Illness reported by mum, first day\")" : "what the parent is asked for")
            ?? (answer.Accept ? CheckCode(answer.Code, "the absence", AttendanceCategory.AuthorisedAbsence, AttendanceCategory.UnauthorisedAbsence) : null);
        if (refused is not null)
        {
            return refused;
        }

        var decision = new StaffDecision(answer.By, clock.GetUtcNow(), answer.Accept ? answer.Code!.ToUpperInvariant() : null, answer.Note.Trim());
        var decided = report with { Status = answer.Accept ? ReportStatus.Accepted : ReportStatus.Queried, Decision = decision };
        state.State.Reports[decided.Id] = decided;
        await state.WriteStateAsync();
        await Changed(decided, null);
        await Tell(settings => FamilyMessages.ReportDecision(settings.Name, decided));
        await CheckDue();
        return state.State.Reports[decided.Id];
    }

    public async Task<Outcome<AbsenceReport>> AttachEvidence(string reportId, string upn, Parent by, EvidenceFile file)
    {
        // Another parent's report, or a report of another child, looks like one that does not exist.
        if (state.State.Reports.GetValueOrDefault(reportId) is not { } report || report.Upn != upn
            || !string.Equals(report.ReportedBy.Email, by.Email, StringComparison.OrdinalIgnoreCase))
        {
            return Unknown(reportId);
        }

        if (report.Status == ReportStatus.Accepted)
        {
            return AlreadyDecided(report.Decision!, "accepted");
        }

        if ((report.Evidence?.Count ?? 0) >= Evidence.MostPerReport)
        {
            return new Rejection(RejectionReason.InvalidRequest,
                $"A report takes at most {Evidence.MostPerReport} files, and this one has them. Send anything more to the school office.", ["file"]);
        }

        var attached = report with { Evidence = [.. report.Evidence ?? [], file] };
        state.State.Reports[reportId] = attached;
        await state.WriteStateAsync();
        await Changed(attached, null);
        return attached;
    }

    public async Task<Outcome<LeaveRequest>> RequestLeave(NewLeaveRequest request)
    {
        var (pupil, settings, refused) = await Check(request.Upn, request.Sessions, request.By, "request");
        refused ??= NoNote(request.Reason, "the reason for the leave", "reason");
        if (refused is not null)
        {
            return refused;
        }

        var policy = (await School.GetPolicy())!.Policy;
        var now = clock.GetUtcNow();
        var saved = new LeaveRequest(RecordIds.New("leave"), SchoolId, pupil!.Upn, pupil.DisplayName, request.Sessions, request.Reason.Trim(), request.By, now,
            policy.Families.IsLate(Today(settings!), request.Sessions.First.Date), LeaveStatus.Requested, null);
        state.State.Leave[saved.Id] = saved;
        await state.WriteStateAsync();
        await Changed(null, saved);
        return saved;
    }

    public async Task<Outcome<LeaveRequest>> Decide(LeaveAnswer answer)
    {
        if (state.State.Leave.GetValueOrDefault(answer.RequestId) is not { } request)
        {
            return Unknown(answer.RequestId);
        }

        if (request.Decision is { } earlier)
        {
            return AlreadyDecided(earlier, request.Status == LeaveStatus.Granted ? "granted" : "refused");
        }

        var policy = (await School.GetPolicy())!.Policy;
        var code = answer.Grant ? answer.Code ?? policy.Families.GrantedLeaveCode : policy.Families.RefusedLeaveCode;
        var refused = Rejection.WithoutStaff(answer.By, "deciding this request")
            ?? NoNote(answer.Reason, "the reason for the decision", "reason")
            ?? (answer.Grant ? CheckCode(code, "granted leave", AttendanceCategory.AuthorisedAbsence) : null);
        if (refused is not null)
        {
            return refused;
        }

        var decided = request with
        {
            Status = answer.Grant ? LeaveStatus.Granted : LeaveStatus.Refused,
            Decision = new StaffDecision(answer.By, clock.GetUtcNow(), code.ToUpperInvariant(), answer.Reason.Trim()),
        };
        state.State.Leave[decided.Id] = decided;
        await state.WriteStateAsync();
        await Changed(null, decided);
        await Tell(settings => FamilyMessages.LeaveDecision(settings.Name, decided, policy));
        await CheckDue();
        return decided;
    }

    public Task<FamilyRequests> List(string? upn = null) => Task.FromResult(new FamilyRequests(
        [.. state.State.Reports.Values.Where(r => upn is null || r.Upn == upn).OrderByDescending(r => r.ReportedAt)],
        [.. state.State.Leave.Values.Where(l => upn is null || l.Upn == upn).OrderByDescending(l => l.RequestedAt)],
        [.. state.State.ContactChanges.Values.Where(c => upn is null || c.Upn == upn).OrderByDescending(c => c.RequestedAt)]));

    public Task<IReadOnlyDictionary<string, AbsenceReport>> ReportedFor(Session session, DateTimeOffset before) =>
        Task.FromResult<IReadOnlyDictionary<string, AbsenceReport>>(state.State.Reports.Values
            .Where(r => r.Sessions.Covers(session) && r.ReportedAt < before)
            .GroupBy(r => r.Upn)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.ReportedAt).First()));

    public async Task CheckDue()
    {
        var due = Decided().Where(d => !state.State.Applied.Contains(d.Id)).ToList();
        if (due.Count == 0 || await School.GetSettings() is not { } settings)
        {
            return;
        }

        var now = settings.LocalTime(clock.GetUtcNow());
        var applied = state.State.Applied.Count;
        foreach (var (id, upn, sessions, code, reason, by, atClose) in due)
        {
            var pending = sessions.OpenSessions(settings.Calendar).Where(s => !state.State.Applied.Contains($"{id}/{s}")).ToList();
            foreach (var session in pending)
            {
                var ready = atClose ? now >= session.Date.ToDateTime(settings.LastClose(session.Part)) : session.Date <= DateOnly.FromDateTime(now);
                if (!ready || !await GrainFactory.ApplyDecidedCode(SchoolId, upn, session, code, reason, by, onlyWhenAbsent: atClose))
                {
                    break; // not yet: the next check tries again from this session
                }

                state.State.Applied.Add($"{id}/{session}");
            }

            if (pending.All(s => state.State.Applied.Contains($"{id}/{s}")))
            {
                state.State.Applied.Add(id); // every session dealt with: the request is not looked at again
            }
        }

        if (state.State.Applied.Count != applied)
        {
            await state.WriteStateAsync();
        }
    }

    /// <summary>The decided requests whose codes go on the register: accepted reports, granted leave, and refused leave (at close).</summary>
    private IEnumerable<(string Id, string Upn, SessionRange Sessions, string Code, string Reason, Staff By, bool AtClose)> Decided()
    {
        foreach (var report in state.State.Reports.Values.Where(r => r.Status == ReportStatus.Accepted))
        {
            yield return (report.Id, report.Upn, report.Sessions, report.Decision!.Code!, $"Reported by parent: {Describe(report)}. Accepted: {report.Decision.Note}", report.Decision.By, false);
        }

        foreach (var leave in state.State.Leave.Values.Where(l => l.Decision is not null))
        {
            var granted = leave.Status == LeaveStatus.Granted;
            var reason = granted
                ? $"Leave of absence granted by {leave.Decision!.By.Name} on {leave.Decision.At:d MMMM yyyy}: {leave.Reason}"
                : $"Leave of absence refused by {leave.Decision!.By.Name} on {leave.Decision.At:d MMMM yyyy} and taken";
            yield return (leave.Id, leave.Upn, leave.Sessions, leave.Decision.Code!, reason, leave.Decision.By, !granted);
        }
    }

    /// <param name="explainsPast">
    /// An absence report may also explain the last month's absences the school has no reason for yet: each session of
    /// it that has passed must be marked <c>N</c> (an absence already explained, or a pupil who was in, is the office's).
    /// </param>
    private async Task<(PupilDetails? Pupil, SchoolSettings? Settings, Rejection? Refused)> Check(string upn, SessionRange? sessions, Parent? by, string what, bool explainsPast = false)
    {
        var (pupil, known, refused) = await Who(upn, by, what);
        if (refused is not null)
        {
            return (null, null, refused);
        }

        var settings = known!;
        if (sessions is null || sessions.First > sessions.Last)
        {
            return (null, null, new Rejection(RejectionReason.InvalidRequest, "Give the first and the last session, the first not after the last.", ["first", "last"]));
        }

        var today = Today(settings);
        if (sessions.First.Date < today && (!explainsPast || today.DayNumber - sessions.First.Date.DayNumber > AbsenceReport.MostDaysBack))
        {
            return (null, null, new Rejection(RejectionReason.PastSession, explainsPast
                ? $"{sessions.First} is more than {AbsenceReport.MostDaysBack} days ago: an absence report explains at most the last month. For an earlier day, call the school office."
                : $"{sessions.First} has passed: a {what} is for today or days ahead. For a day that has passed, call the school office."));
        }

        // Bounded before any work: a range of years would otherwise be walked day by day, here and at every check.
        if (sessions.First.Date.DayNumber - Today(settings).DayNumber > MostDaysAhead || sessions.DaysSpanned > MostDaysSpanned)
        {
            return (null, null, new Rejection(RejectionReason.InvalidRequest,
                $"A {what} starts within the coming year and spans at most {MostDaysSpanned} days (of which at most {MostSchoolDays} school days); {sessions} does not.", ["first", "last"]));
        }

        var open = sessions.OpenSessions(settings.Calendar).Count();
        if (open == 0)
        {
            return (null, null, new Rejection(RejectionReason.SchoolClosed, $"{settings.Name} is closed for every session from {sessions.First} to {sessions.Last}."));
        }

        if (open > MostSchoolDays * 2)
        {
            return (null, null, new Rejection(RejectionReason.InvalidRequest, $"A {what} covers at most {MostSchoolDays} school days; this one covers {open / 2.0:0.#}.", ["last"]));
        }

        List<Session> past = [.. sessions.OpenSessions(settings.Calendar).TakeWhile(s => s.Date < today)];
        var codes = past.Count > 0 ? await GrainFactory.GetPupil(SchoolId, upn).GetCodes(past) : [];
        for (var i = 0; i < past.Count; i++)
        {
            if (codes[i] != NationalCodes.ReasonNotYetEstablished.Code)
            {
                return (null, null, new Rejection(RejectionReason.PastSession,
                    $"{past[i]} is {(codes[i] is { } code ? $"recorded as {code}" : "not marked")}: a day that has passed can be explained only where the school has no reason yet (N). Call the school office. Nothing was recorded."));
            }
        }

        return (pupil, settings, null);
    }

    /// <summary>The school, the pupil and the parent of a parent's request, or why there is none.</summary>
    private async Task<(PupilDetails? Pupil, SchoolSettings? Settings, Rejection? Refused)> Who(string upn, Parent? by, string what)
    {
        if (await School.GetSettings() is not { } settings)
        {
            return (null, null, new Rejection(RejectionReason.UnknownSchool, $"There is no school '{SchoolId}'."));
        }

        if (await GrainFactory.GetPupil(SchoolId, upn).GetDetails() is not { } pupil)
        {
            return (null, null, new Rejection(RejectionReason.UnknownPupil, $"There is no pupil '{upn}' on roll at {settings.Name}."));
        }

        return string.IsNullOrWhiteSpace(by?.Name) || string.IsNullOrWhiteSpace(by.Email)
            ? (null, null, new Rejection(RejectionReason.InvalidRequest, $"A {what} needs the parent's name and e-mail address.", ["parent"]))
            : (pupil, settings, null);
    }

    private DateOnly Today(SchoolSettings settings) => DateOnly.FromDateTime(settings.LocalTime(clock.GetUtcNow()));

    private Task Changed(AbsenceReport? report, LeaveRequest? leave) => Changed(new FamilyRequestChange(SchoolId, report, leave));

    private async Task Changed(FamilyRequestChange change) => await GrainFactory.GetGrain<ISchoolFeedGrain>(SchoolId).FamilyRequestChanged(change);

    private async Task Tell(Func<SchoolSettings, OutgoingMessage> message)
    {
        if (await School.GetSettings() is { } settings)
        {
            await GrainFactory.GetGrain<IMessageOutboxGrain>(SchoolId).Queue(await Notifications.With(GrainFactory, [message(settings)]));
        }
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>What the parent said, as the register and the call list show it.</summary>
    /// <summary>
    /// A running-late notice covers today from the session under way to the one the pupil arrives in (by their class's
    /// register times), the time given, after now and within the school day; no other report has a time. Returns why
    /// it is refused, or the sessions it covers (null for another report).
    /// </summary>
    private async Task<(Rejection? Refused, SessionRange? Sessions)> RunningLate(NewAbsenceReport report, PupilDetails pupil, DateTime localNow)
    {
        var now = TimeOnly.FromDateTime(localNow);
        switch (report.Reason == ParentReason.RunningLate, report.ArrivingAt)
        {
            case (false, null):
                return (null, null);
            case (false, _):
                return (new Rejection(RejectionReason.InvalidRequest, "Only a running-late notice says when the pupil will arrive; leave the time out of an absence report.", ["arrivingAt"]), null);
            case (true, null):
                return (new Rejection(RejectionReason.InvalidRequest, "Say when you expect to arrive (e.g. \"09:40\").", ["arrivingAt"]), null);
            case (true, { } at) when at <= now:
                return (new Rejection(RejectionReason.PastSession, $"{at:HH:mm} has passed (it is {now:HH:mm} at school). Give the time you now expect to arrive, or call the school office.", ["arrivingAt"]), null);
        }

        var arriving = report.ArrivingAt!.Value;
        var place = await GrainFactory.GetClass(SchoolId, pupil.RegistrationGroup).GetPlace(pupil.Upn);
        var times = place?.Settings.TimesFor(place.Phase) ?? SessionTimes.PrimaryDefault;
        if (arriving > times.Pm.Closes)
        {
            return (new Rejection(RejectionReason.InvalidRequest,
                $"{arriving:HH:mm} is after the afternoon register closes ({times.Pm.Closes:HH:mm}): report an absence for today instead.", ["arrivingAt"]), null);
        }

        var today = DateOnly.FromDateTime(localNow);
        return (null, new SessionRange(new Session(today, times.SessionAt(now)), new Session(today, times.SessionAt(arriving))));
    }

    private static string Describe(AbsenceReport report) =>
        $"{(report.ArrivingAt is { } at ? $"running late, arriving about {at:HH:mm}" : report.Reason)}{(report.Details is { } details ? $", \"{details}\"" : "")} ({report.ReportedBy.Name})";

    private static Rejection Unknown(string id) => new(RejectionReason.UnknownRequest, $"There is no absence report or leave request '{id}' at this school.");

    private static Rejection AlreadyDecided(StaffDecision decision, string how) =>
        new(RejectionReason.AlreadyDecided, $"{decision.By.Name} already {how} this on {decision.At:d MMMM yyyy 'at' HH:mm} UTC: {decision.Note}. Nothing was changed.");

    private static Rejection? NoNote(string? note, string what, string field = "note") =>
        string.IsNullOrWhiteSpace(note) ? new Rejection(RejectionReason.InvalidRequest, $"Say {what}.", [field]) : null;

    private static Rejection? CheckCode(string? code, string what, params AttendanceCategory[] categories) =>
        NationalCodes.TryGet(code, out var known) && categories.Contains(known.Category) && known.Code != NationalCodes.ReasonNotYetEstablished.Code
            ? null
            : new Rejection(RejectionReason.UnknownCode,
                $"'{code}' cannot be the code for {what}: use a national code of {string.Join(" or ", categories)} (e.g. {(categories.Contains(AttendanceCategory.UnauthorisedAbsence) ? "I for illness, M for a medical appointment, O if not authorised" : "C")}); N is not a decision.",
                ["code"]);
}
