using System.Text.RegularExpressions;

namespace Attendance.Domain;

/// <summary>An attendance band: pupils at or above <see cref="MinimumPercent"/> and below the next band up.</summary>
public sealed record AttendanceBand(string Name, string Colour, decimal MinimumPercent, string Action);

/// <summary>An escalation stage reached at a number of sessions missed this year (seed 004: 8 sessions → letter 1).</summary>
public sealed record EscalationStage(string Name, int SessionsMissed, string Action);

/// <summary>
/// A trust's attendance policy, overridable per school: bands, persistent and severe absence, the national
/// penalty-notice threshold, escalation stages, lateness, continuous and health-related absence. Defaults follow
/// ../shared/ATTENDANCE-RULES.md §4 and national guidance.
/// </summary>
public sealed partial record AttendancePolicy(
    IReadOnlyList<AttendanceBand> Bands,
    IReadOnlyList<EscalationStage> Stages,
    decimal TargetPercent = 96m,
    decimal PersistentAbsencePercent = 10m,
    decimal SevereAbsencePercent = 50m,
    int PenaltyNoticeSessions = 10,
    int PenaltyNoticeWeeks = 10,
    int LatenessLimit = 5,
    int LateAfterCloseLimit = 3,
    int LatenessWeeks = 6,
    int ContinuousAbsenceDays = 10,
    int HealthAbsenceDays = 15,
    int PercentagesFromSessions = 10,
    decimal SchoolDropPoints = 5m,
    int SchoolUsualWeeks = 6,
    int PenaltyNoticesPerParent = 2,
    int PenaltyNoticeCapYears = 3)
{
    /// <summary>Codes counted as health-related absence (004 §9.3: "due to health needs"): illness and medical appointments.</summary>
    public IReadOnlyList<string> HealthCodes { get; init; } = ["I", "M"];

    /// <summary>
    /// The codes a class teacher may record on their register: presence, lateness and "no reason yet". A reason for an
    /// absence authorises or not, which the 2024 guidance leaves to the headteacher or those they delegate to (the
    /// office, the attendance lead), who keep the full set.
    /// </summary>
    public IReadOnlyList<string> TeacherCodes { get; init; } = ["/", "\\", "L", "N"];

    /// <summary>Alerts that also go to trust leaders, not only to the school's attendance leads.</summary>
    public IReadOnlyList<CrossingKind> TrustAlerts { get; init; } = [CrossingKind.SevereAbsence, CrossingKind.ContinuousAbsence, CrossingKind.SchoolBelowUsual];

    /// <summary>First-day calls, home visits, local-authority and missing-education steps, guest pupils' arrival calls.</summary>
    public FollowUpRules FollowUp { get; init; } = new();

    /// <summary>Leave requests (notice, codes) and the first-day message home.</summary>
    public FamilyRules Families { get; init; } = new();

    /// <summary>Lesson registers: post-registration truancy patterns and when a lesson register is overdue.</summary>
    public LessonRules Lessons { get; init; } = new();

    /// <summary>The penalty-notice lifecycle's amounts, payment windows and Notice to Improve (the LA's code of conduct).</summary>
    public PenaltyNoticeRules PenaltyNotices { get; init; } = new();

    /// <summary>Seed 001's colours (≥95 / 92-95 / 90-92 / below 90 formal) and seed 004's escalation by sessions missed.</summary>
    public static AttendancePolicy Default { get; } = new(
        [
            new("Good", "#00703c", 95m, "Keep encouraging."),
            new("Watch", "#ffdd00", 92m, "Discuss at the half-term review; closer monitoring."),
            new("Concern", "#f47738", 90m, "Formal meeting with parents; agree an action plan."),
            new("Formal", "#d4351c", 0m, "Persistent absence: formal procedures; consider early help."),
        ],
        [
            new("Letter 1", 8, "Send attendance letter 1."),
            new("Letter 2 and meeting", 14, "Send letter 2; meet parents and agree a 4-week action plan."),
            new("Formal panel", 20, "Invite parents to a formal attendance panel (letter 3)."),
            new("Local authority referral", 28, "Refer to the local authority's attendance support service."),
            new("Legal intervention", 42, "Consult the local authority on legal intervention."),
        ]);

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex ColourPattern();

    public IEnumerable<string> Validate()
    {
        if (Bands is null || Stages is null || HealthCodes is null || TeacherCodes is null || TrustAlerts is null || FollowUp is null || Families is null || Lessons is null || PenaltyNotices is null)
        {
            yield return "The policy needs its bands, stages, health codes, teacher codes, trust alerts (lists, possibly empty for stages), follow-up rules, family rules, lesson rules and penalty-notice rules.";
            yield break;
        }

        if (Bands.Count == 0)
        {
            yield return "The policy needs at least one attendance band.";
        }

        foreach (var band in Bands)
        {
            if (string.IsNullOrWhiteSpace(band.Name))
            {
                yield return "Every band needs a name.";
            }

            if (band.MinimumPercent is < 0 or > 100)
            {
                yield return $"Band '{band.Name}' starts at {band.MinimumPercent}%: it must be between 0% and 100%.";
            }

            if (!ColourPattern().IsMatch(band.Colour ?? ""))
            {
                yield return $"Band '{band.Name}' has colour '{band.Colour}': use #rrggbb.";
            }

            if (string.IsNullOrWhiteSpace(band.Action))
            {
                yield return $"Band '{band.Name}' needs an action.";
            }
        }

        for (var i = 1; i < Bands.Count; i++)
        {
            if (Bands[i].MinimumPercent >= Bands[i - 1].MinimumPercent)
            {
                yield return $"Bands '{Bands[i - 1].Name}' ({Bands[i - 1].MinimumPercent}%) and '{Bands[i].Name}' ({Bands[i].MinimumPercent}%) overlap: list bands from the highest to the lowest.";
            }
        }

        if (Bands.Count > 0 && Bands[^1].MinimumPercent != 0)
        {
            yield return $"The lowest band '{Bands[^1].Name}' must start at 0% so every pupil has a band.";
        }

        foreach (var stage in Stages)
        {
            if (string.IsNullOrWhiteSpace(stage.Name) || string.IsNullOrWhiteSpace(stage.Action))
            {
                yield return "Every escalation stage needs a name and an action.";
            }

            if (stage.SessionsMissed <= 0)
            {
                yield return $"Stage '{stage.Name}' starts at {stage.SessionsMissed} sessions: it must be at least 1.";
            }
        }

        for (var i = 1; i < Stages.Count; i++)
        {
            if (Stages[i].SessionsMissed <= Stages[i - 1].SessionsMissed)
            {
                yield return $"Stages '{Stages[i - 1].Name}' and '{Stages[i].Name}' are out of order: list stages by increasing sessions missed.";
            }
        }

        foreach (var (name, value) in new[] { ("target", TargetPercent), ("persistent absence", PersistentAbsencePercent), ("severe absence", SevereAbsencePercent) })
        {
            if (value is <= 0 or > 100)
            {
                yield return $"The {name} threshold is {value}%: it must be above 0% and at most 100%.";
            }
        }

        if (SevereAbsencePercent <= PersistentAbsencePercent)
        {
            yield return "Severe absence must be a higher share of sessions missed than persistent absence.";
        }

        foreach (var problem in Counts.AtLeastOne(
            "The",
            ("penalty-notice sessions", PenaltyNoticeSessions), ("penalty-notice weeks", PenaltyNoticeWeeks), ("lateness limit", LatenessLimit),
            ("late-after-close limit", LateAfterCloseLimit), ("lateness weeks", LatenessWeeks), ("continuous absence days", ContinuousAbsenceDays),
            ("health-related absence days", HealthAbsenceDays), ("sessions before percentages count", PercentagesFromSessions),
            ("weeks for the school's usual attendance", SchoolUsualWeeks), ("penalty notices per parent", PenaltyNoticesPerParent),
            ("years of the penalty-notice cap", PenaltyNoticeCapYears)))
        {
            yield return problem;
        }

        if (SchoolDropPoints is <= 0 or > 100)
        {
            yield return $"The school drop alert is {SchoolDropPoints} percentage points: it must be above 0 and at most 100.";
        }

        foreach (var code in HealthCodes.Where(c => !NationalCodes.TryGet(c, out _)))
        {
            yield return $"Health-related code '{code}' is not a national attendance code.";
        }

        foreach (var code in TeacherCodes.Where(c => !NationalCodes.TryGet(c, out _)))
        {
            yield return $"Teacher code '{code}' is not a national attendance code.";
        }

        if (!TeacherCodes.Contains(NationalCodes.ReasonNotYetEstablished.Code))
        {
            yield return "Teachers need the code N (no reason yet) for a pupil who is not there.";
        }

        foreach (var kind in TrustAlerts.Where(k => !Enum.IsDefined(k)))
        {
            yield return $"Trust alert '{kind}' is not a known alert.";
        }

        foreach (var problem in FollowUp.Validate().Concat(Families.Validate()).Concat(Lessons.Validate()).Concat(PenaltyNotices.Validate()))
        {
            yield return problem;
        }
    }
}
