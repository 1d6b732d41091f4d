using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>
/// A school's penalty-notice cases (keyed by school; the casework grain keeps them with the rest of the case). The
/// headteacher's decision on a threshold alert opens one; each step after it is checked against the framework's
/// order, the improvement period, the payment windows and the limit of notices per parent in the cap's years.
/// </summary>
public interface IPenaltyNoticesGrain : IGrainWithStringKey
{
    /// <summary>
    /// The headteacher's decision to pursue a notice on a threshold alert: opens the case (beginning as the framework
    /// says), then records the decision on the alert. Sent again, the alert is already decided (409) and the case the same.
    /// </summary>
    Task<Outcome<AttendanceAlert>> Pursue(string alertId, AlertDecision decision);

    Task<Outcome<PenaltyCase>> RecordStep(string caseId, PenaltyCaseStep step);

    [ReadOnly]
    Task<PenaltyCase?> Get(string caseId);

    /// <summary>Every case of the school (or one pupil's), open ones first, newest first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<PenaltyCase>> ListCases(string? upn = null);
}
