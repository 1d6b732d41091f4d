using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Grains.Alerts;

/// <summary>Turns a pupil's crossing into the alert a lead reads: one sentence with the figure that caused it.</summary>
internal static class AlertText
{
    public static AttendanceAlert From(string schoolId, CrossingNotice notice, DateTimeOffset raisedAt)
    {
        var crossing = notice.Crossing;
        var summary = $"{notice.PupilName} ({notice.ClassId}): {Title(crossing.Kind)} {crossing.From} → {crossing.To}. {Figure(crossing.Kind, notice.Figures)} {Cause(notice.CausedBy)}";
        return new AttendanceAlert(
            notice.AlertId, schoolId, notice.Upn, notice.PupilName, notice.ClassId, crossing.Kind, crossing.From, crossing.To, crossing.Level,
            crossing.Action, summary, notice.Figures, raisedAt, crossing.Worse ? AlertStatus.Open : AlertStatus.Improvement, notice.ForTrust,
            AssignedTo: null, Decision: null, PenaltyNotice: null, Resolution: null, Trail: []);
    }

    public static string Title(CrossingKind kind) => kind switch
    {
        CrossingKind.Band => "attendance band",
        CrossingKind.PersistentAbsence => "persistent absence",
        CrossingKind.SevereAbsence => "severe absence",
        CrossingKind.PenaltyNoticeThreshold => "penalty-notice threshold",
        CrossingKind.Escalation => "escalation stage",
        CrossingKind.PersistentLateness => "persistent lateness",
        CrossingKind.ContinuousAbsence => "continuous absence",
        CrossingKind.HealthAbsence => "health-related absence",
        CrossingKind.YearEndProjection => "year-end projection",
        CrossingKind.SchoolBelowUsual => "school attendance below usual",
        CrossingKind.PostRegistrationTruancy => "missing from a lesson",
        CrossingKind.TruancyPattern => "lessons missed again",
        _ => kind.ToString(),
    };

    private static string Figure(CrossingKind kind, StandingFigures f) => kind switch
    {
        CrossingKind.PenaltyNoticeThreshold => $"{f.UnauthorisedInWindow} unauthorised sessions in the rolling window.",
        CrossingKind.Escalation => $"{f.SessionsMissed} sessions missed this year.",
        CrossingKind.PersistentLateness => $"{f.LateInWindow} late (L) and {f.AfterCloseInWindow} after close (U) in the rolling window.",
        CrossingKind.ContinuousAbsence => $"{f.ContinuousUnauthorisedSessions} unauthorised sessions in a row.",
        CrossingKind.HealthAbsence => $"{f.HealthSessions} health-related sessions this year.",
        CrossingKind.YearEndProjection => $"Best possible year-end attendance {f.BestYearEndPercent:0.0}% ({f.SessionsMissed} of {f.YearSessions} sessions missed).",
        _ => $"Attendance {f.AttendancePercent:0.0}% ({f.SessionsAttended} of {f.PossibleSessions} possible sessions).",
    };

    private static string Cause(RegisterEntry entry) => entry.AmendmentReason is { } reason
        ? $"After {entry.Session} was amended to {entry.Code} by {entry.RecordedBy.Name}: {reason}."
        : $"After {entry.Session} was marked {entry.Code} by {entry.RecordedBy.Name}.";
}
