namespace Attendance.Domain;

/// <summary>The measures a crossing can be about.</summary>
public enum CrossingKind
{
    Band,
    PersistentAbsence,
    SevereAbsence,
    PenaltyNoticeThreshold,
    Escalation,
    PersistentLateness,
    ContinuousAbsence,
    HealthAbsence,
    YearEndProjection,

    /// <summary>A school's attendance for a session well below its usual for that weekday (not a pupil measure).</summary>
    SchoolBelowUsual,

    /// <summary>A guest pupil cannot attend their provision (seed 000: the referring school is always told).</summary>
    GuestAbsent,

    /// <summary>An <c>N</c> still not replaced by a reason after the policy's school days.</summary>
    ReasonNotEstablished,

    /// <summary>Present at registration and absent from a lesson (seed 002 §8): find the pupil now.</summary>
    PostRegistrationTruancy,

    /// <summary>Lessons missed while in school, again and again from one subject or one teacher (<see cref="LessonRules"/>).</summary>
    TruancyPattern,
}

/// <summary>
/// A pupil moving between levels of one measure. <see cref="Worse"/> crossings are alerts with the policy's action;
/// the others are improvements to record (seed 001 writes home when attendance has significantly improved).
/// </summary>
/// <param name="Level">The level reached on the measure's scale, higher is worse (band index, stage, 0 or 1 for a flag).</param>
public sealed record Crossing(CrossingKind Kind, string From, string To, bool Worse, string Action, int Level)
{
    private const string Improvement = "Record the improvement.";

    /// <summary>The crossings from one standing to the next: what changed, never the levels that stayed.</summary>
    public static IReadOnlyList<Crossing> Between(AttendancePolicy policy, PupilStanding before, PupilStanding after)
    {
        var crossings = new List<Crossing>();
        Band(CrossingKind.Band, before.Band, after.Band, policy.Bands[after.Band].Action);
        Band(CrossingKind.YearEndProjection, before.YearEndBand, after.YearEndBand,
            $"Early warning: even with full attendance from now, year-end attendance will be in the {policy.Bands[after.YearEndBand].Name} band. Act now: {policy.Bands[after.YearEndBand].Action}");

        if (before.Stage != after.Stage)
        {
            string Name(int stage) => stage == 0 ? "No stage" : policy.Stages[stage - 1].Name;
            var action = after.Stage > before.Stage ? policy.Stages[after.Stage - 1].Action : "Record the improvement; step back the escalation.";
            crossings.Add(new Crossing(CrossingKind.Escalation, Name(before.Stage), Name(after.Stage), after.Stage > before.Stage, action, after.Stage));
        }

        Flag(CrossingKind.PersistentAbsence, before.PersistentAbsence, after.PersistentAbsence,
            $"Persistent absence ({policy.PersistentAbsencePercent}% or more missed): formal support plan; consider early help.");
        Flag(CrossingKind.SevereAbsence, before.SevereAbsence, after.SevereAbsence,
            $"Severe absence ({policy.SevereAbsencePercent}% or more missed): refer to the local authority and children's services (MASH) as policy requires.");
        Flag(CrossingKind.PenaltyNoticeThreshold, before.PenaltyNoticeThreshold, after.PenaltyNoticeThreshold,
            $"National threshold reached ({policy.PenaltyNoticeSessions} unauthorised sessions in {policy.PenaltyNoticeWeeks} school weeks): consider a penalty notice and record the decision and its rationale.");
        Flag(CrossingKind.PersistentLateness, before.PersistentLateness, after.PersistentLateness,
            "Persistent lateness: follow the punctuality procedure (meeting with parents).");
        Flag(CrossingKind.ContinuousAbsence, before.ContinuousAbsence, after.ContinuousAbsence,
            $"{policy.ContinuousAbsenceDays} continuous school days absent without permission: inform the local authority.");
        Flag(CrossingKind.HealthAbsence, before.HealthAbsence, after.HealthAbsence,
            $"{policy.HealthAbsenceDays} days of health-related absence this year: contact the local authority to arrange education support.");
        return crossings;

        void Band(CrossingKind kind, int was, int now, string action)
        {
            if (was != now)
            {
                crossings.Add(new Crossing(kind, policy.Bands[was].Name, policy.Bands[now].Name, now > was, now > was ? action : Improvement, now));
            }
        }

        void Flag(CrossingKind kind, bool was, bool now, string action)
        {
            if (was != now)
            {
                crossings.Add(new Crossing(kind, was ? "Yes" : "No", now ? "Yes" : "No", now, now ? action : Improvement, now ? 1 : 0));
            }
        }
    }
}
