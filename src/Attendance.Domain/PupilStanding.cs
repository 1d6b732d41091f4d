namespace Attendance.Domain;

/// <summary>Where a pupil stands against the policy: each measure the policy watches, as a level.</summary>
/// <param name="Band">Index into the policy's bands: 0 is the best.</param>
/// <param name="Stage">Escalation stages reached: 0 is none, 1 the first stage, and so on.</param>
public sealed record PupilStanding(int Band, int Stage, bool PersistentAbsence, bool SevereAbsence, bool PenaltyNoticeThreshold, bool PersistentLateness)
{
    public static PupilStanding Clear { get; } = new(0, 0, false, false, false, false);

    /// <summary>
    /// Evaluates the tally against the policy: a handful of comparisons on running counts, so it can run on every
    /// mark. Percentages are compared on exact counts (attended × 100 ≥ minimum × possible), never on rounded figures.
    /// </summary>
    public static PupilStanding Evaluate(AttendancePolicy policy, AttendanceTally tally, int currentWeek)
    {
        var figures = tally.Snapshot(currentWeek, policy.PenaltyNoticeWeeks);
        var possible = figures.PossibleSessions;
        var band = 0;
        while (band < policy.Bands.Count - 1 && figures.SessionsAttended * 100m < policy.Bands[band].MinimumPercent * possible)
        {
            band++;
        }

        var stage = policy.Stages.Count(s => figures.SessionsMissed >= s.SessionsMissed);
        return new PupilStanding(
            band,
            stage,
            possible > 0 && figures.SessionsMissed * 100m >= policy.PersistentAbsencePercent * possible,
            possible > 0 && figures.SessionsMissed * 100m >= policy.SevereAbsencePercent * possible,
            figures.UnauthorisedInRollingWindow >= policy.PenaltyNoticeSessions,
            tally.LateInRollingWindow(currentWeek, policy.LatenessWeeks) >= policy.LatenessLimit
                || tally.AfterCloseInRollingWindow(currentWeek, policy.LatenessWeeks) >= policy.LateAfterCloseLimit);
    }
}

/// <summary>The measures a crossing can be about.</summary>
public enum CrossingKind
{
    Band,
    PersistentAbsence,
    SevereAbsence,
    PenaltyNoticeThreshold,
    Escalation,
    PersistentLateness,
}

/// <summary>
/// A pupil moving between levels of one measure. <see cref="Worse"/> crossings are alerts with the policy's action;
/// the others are improvements to record (seed 001 writes home when attendance has significantly improved).
/// </summary>
public sealed record Crossing(CrossingKind Kind, string From, string To, bool Worse, string Action)
{
    /// <summary>The crossings from one standing to the next: what changed, never the levels that stayed.</summary>
    public static IReadOnlyList<Crossing> Between(AttendancePolicy policy, PupilStanding before, PupilStanding after)
    {
        var crossings = new List<Crossing>();
        if (before.Band != after.Band)
        {
            crossings.Add(new Crossing(CrossingKind.Band, policy.Bands[before.Band].Name, policy.Bands[after.Band].Name, after.Band > before.Band, policy.Bands[after.Band].Action));
        }

        if (before.Stage != after.Stage)
        {
            string Name(int stage) => stage == 0 ? "No stage" : policy.Stages[stage - 1].Name;
            var action = after.Stage > before.Stage ? policy.Stages[after.Stage - 1].Action : "Record the improvement; step back the escalation.";
            crossings.Add(new Crossing(CrossingKind.Escalation, Name(before.Stage), Name(after.Stage), after.Stage > before.Stage, action));
        }

        Flag(CrossingKind.PersistentAbsence, before.PersistentAbsence, after.PersistentAbsence,
            $"Persistent absence ({policy.PersistentAbsencePercent}% or more missed): formal support plan; consider early help.");
        Flag(CrossingKind.SevereAbsence, before.SevereAbsence, after.SevereAbsence,
            $"Severe absence ({policy.SevereAbsencePercent}% or more missed): refer to the local authority and children's services (MASH) as policy requires.");
        Flag(CrossingKind.PenaltyNoticeThreshold, before.PenaltyNoticeThreshold, after.PenaltyNoticeThreshold,
            $"National threshold reached ({policy.PenaltyNoticeSessions} unauthorised sessions in {policy.PenaltyNoticeWeeks} school weeks): consider a penalty notice and record the decision and its rationale.");
        Flag(CrossingKind.PersistentLateness, before.PersistentLateness, after.PersistentLateness,
            "Persistent lateness: follow the punctuality procedure (meeting with parents).");
        return crossings;

        void Flag(CrossingKind kind, bool was, bool now, string action)
        {
            if (was != now)
            {
                crossings.Add(new Crossing(kind, was ? "Yes" : "No", now ? "Yes" : "No", now, now ? action : "Record the improvement."));
            }
        }
    }
}
