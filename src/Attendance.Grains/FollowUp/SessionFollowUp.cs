using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Families;

namespace Attendance.Grains.FollowUp;

/// <summary>
/// Builds the follow-up for one session whose registers have all closed: the first-day call list (no mark, or
/// <c>N</c>, unless a parent reported the absence before the close) with a social-worker task where the pupil has
/// one, and the first-day message home for each pupil marked <c>N</c>; and on the day's first session, home visits, the
/// local-authority and missing-education steps from each absent pupil's run of school days, and alerts for
/// <c>N</c> marks still not replaced after the policy's days. Task ids are per pupil and day (or per absence run),
/// so building twice adds nothing.
/// </summary>
internal sealed class SessionFollowUp(
    IGrainFactory grains, string schoolId, SchoolSettings settings, AttendancePolicy policy, FollowUpState state, DateTimeOffset now)
{
    private readonly FollowUpRules rules = policy.FollowUp;
    private readonly Dictionary<string, PupilDetails> pupils = [];
    private readonly List<FollowUpTask> raised = [];

    public async Task<IReadOnlyList<FollowUpTask>> Build(Session session)
    {
        var classes = await grains.GetGrain<ISchoolGrain>(schoolId).GetClasses();
        var registers = await Task.WhenAll(classes.Select(c => grains.GetClass(schoolId, c.Id).GetRegister(session)));

        // Guests expected at their provision this session are the provision's to chase.
        var lines = registers.OfType<ClassRegister>()
            .SelectMany(r => r.Lines.Where(l => l.AtProvision is null).Select(l => (r.ClassId, Line: l)))
            .ToList();
        var firstOfDay = state.Done?.Date != session.Date;
        var callsDue = session.Date.ToDateTime(settings.LastClose(session.Part)).AddMinutes(rules.CallWithinMinutes);
        // A parent who reported the absence before the register closed has told the school: no call, no message.
        var closedAt = settings.InstantOf(session.Date.ToDateTime(settings.LastClose(session.Part)));
        var reported = await grains.GetGrain<IFamilyRequestsGrain>(schoolId).ReportedFor(session, closedAt);
        var messages = new List<OutgoingMessage>();
        foreach (var (classId, line) in lines.Where(l => l.Line.Mark is null || l.Line.Mark.Code == NationalCodes.ReasonNotYetEstablished.Code))
        {
            // The pupil's register decides, not the class's live view, which hears of gate arrivals one-way: a pupil
            // who came in after the N is never called about.
            var mark = await grains.GetPupil(schoolId, line.Upn).GetMark(session);
            if (mark is not null && mark.Code != NationalCodes.ReasonNotYetEstablished.Code)
            {
                continue;
            }

            var pupil = await Pupil(line.Upn);
            if (mark is not null)
            {
                state.PendingReasons.Add(new PendingReason(line.Upn, line.Name, classId, session));
            }

            // A parent's "running late" is not a reason: their social worker is still told the child is not in.
            var told = reported.GetValueOrDefault(line.Upn);
            if (pupil.Flags.HasSocialWorker && told?.Reason is null or ParentReason.RunningLate)
            {
                Raise(FollowUpKind.TellSocialWorker, "social-worker", classId, pupil, session, SameDay(session),
                    $"{line.Name} has a social worker and is absent with no known reason: tell the social worker or DSL today.");
            }

            if (told is not null)
            {
                continue;
            }

            var marked = mark is null ? "has no mark" : "is marked N (reason not yet established)";
            Raise(FollowUpKind.FirstDayCall, "call", classId, pupil, session, callsDue,
                $"{line.Name} {marked} for {session}. Call home, contacts in order, and record what you learn.");
            if (mark is not null && FamilyMessages.FirstDay(schoolId, settings.Name, pupil, session, policy.Families) is { } message)
            {
                messages.Add(message);
            }
        }

        if (messages.Count > 0)
        {
            await grains.GetGrain<IMessageOutboxGrain>(schoolId).Queue(await Notifications.With(grains, messages));
        }

        if (firstOfDay)
        {
            foreach (var (classId, line) in lines.Where(l => l.Line.Mark?.Category == AttendanceCategory.UnauthorisedAbsence))
            {
                await FollowAbsence(classId, await Pupil(line.Upn), session);
            }

            await AlertReasonsStillUnknown(session.Date);
        }

        return raised;
    }

    /// <summary>Home visits, then the local authority, then a child missing education, from the pupil's run of absent school days.</summary>
    private async Task FollowAbsence(string classId, PupilDetails pupil, Session session)
    {
        var run = await grains.GetPupil(schoolId, pupil.Upn).GetAbsenceRun(settings.Calendar, session.Date);
        var name = pupil.DisplayName;
        var vulnerable = pupil.Flags.Vulnerable || pupil.Flags.HasSocialWorker;
        if (run.UnexplainedDays > 0 && rules.HomeVisitDue(run.UnexplainedDays, vulnerable))
        {
            Raise(FollowUpKind.HomeVisit, "home-visit", classId, pupil, session, SameDay(session),
                $"{name}: school day {run.UnexplainedDays} of absence with no contact or reason{(vulnerable ? " (vulnerable)" : "")}. Visit the home today and record whether anyone was seen.");
        }

        if (run.Since is not { } since)
        {
            return;
        }

        if (run.UnauthorisedDays >= rules.InformLocalAuthorityDays)
        {
            Raise(FollowUpKind.InformLocalAuthority, "inform-la", classId, pupil, session, SameDay(session),
                $"{name} has been absent without permission for {run.UnauthorisedDays} school days in a row (since {since:d MMMM}). Inform the local authority.",
                since);
        }

        var visitsWithoutContact = state.Tasks.Values.Count(t =>
            t.Kind == FollowUpKind.HomeVisit && t.Upn == pupil.Upn && t.Session.Date >= since && t.Closed is { ContactMade: false });
        if (run.UnauthorisedDays >= rules.MissingEducationDays && visitsWithoutContact >= rules.MissingEducationVisits)
        {
            Raise(FollowUpKind.ReferMissingEducation, "missing-education", classId, pupil, session, SameDay(session),
                $"{name}: {run.UnauthorisedDays} school days absent since {since:d MMMM} and {visitsWithoutContact} home visits without contact. Refer to the local authority as a child missing education.",
                since);
        }
    }

    /// <summary><c>N</c> must not stay <c>N</c>: after the policy's school days, one still unreplaced becomes an alert.</summary>
    private async Task AlertReasonsStillUnknown(DateOnly today)
    {
        var inbox = grains.GetGrain<IAlertInboxGrain>(schoolId);
        foreach (var pending in state.PendingReasons.Where(p => SchoolDaysAfter(p.Session.Date, today) >= rules.ReasonNotEstablishedDays).ToList())
        {
            state.PendingReasons.Remove(pending);
            if (await grains.GetPupil(schoolId, pending.Upn).GetCode(pending.Session) != NationalCodes.ReasonNotYetEstablished.Code)
            {
                continue;
            }

            var days = SchoolDaysAfter(pending.Session.Date, today);
            await inbox.Raise(AttendanceAlert.Raise(
                $"{pending.Upn}-{pending.Session}-reason-not-established", schoolId, pending.Upn, pending.Name, pending.ClassId, CrossingKind.ReasonNotEstablished,
                "N", $"{days} school days",
                "Establish the reason and amend the mark; if no reason can be established, record O (unauthorised absence).",
                $"{pending.Name} ({pending.ClassId}): {pending.Session} is still N (reason not yet established) after {days} school days.",
                now, policy.TrustAlerts.Contains(CrossingKind.ReasonNotEstablished)));
        }
    }

    private int SchoolDaysAfter(DateOnly from, DateOnly to) => settings.Calendar.SchoolDays().SkipWhile(d => d <= from).TakeWhile(d => d <= to).Count();

    private DateTime SameDay(Session session) => session.Date.ToDateTime(rules.SameDayBy);

    /// <param name="runSince">For steps taken once per absence: the run's first day, in the id instead of today's.</param>
    private void Raise(FollowUpKind kind, string prefix, string classId, PupilDetails pupil, Session session, DateTime due, string what, DateOnly? runSince = null)
    {
        var id = $"{prefix}-{pupil.Upn}-{runSince ?? session.Date:yyyy-MM-dd}";
        if (state.Tasks.ContainsKey(id))
        {
            return;
        }

        var task = new FollowUpTask(id, schoolId, kind, schoolId, pupil.Upn, pupil.DisplayName, classId, session, what, now,
            settings.InstantOf(due), pupil.Flags, pupil.Contacts, NextContact: 0, Calls: [], Closed: null);
        state.Tasks[id] = task;
        raised.Add(task);
    }

    private async Task<PupilDetails> Pupil(string upn)
    {
        if (!pupils.TryGetValue(upn, out var details))
        {
            details = pupils[upn] = await grains.GetPupil(schoolId, upn).GetDetails()
                ?? throw new InvalidOperationException($"Pupil {upn} is on a register at {schoolId} but has no details.");
        }

        return details;
    }
}
