using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>
/// A school's casework: the case log, action plans, contracts, reintegration and health-care plans, part-time
/// timetables (and penalty notices, <see cref="IPenaltyNoticesGrain"/>). A review that falls due raises a follow-up
/// task (closed when the review is recorded); a part-time timetable's sessions off site are coded <c>C2</c> as
/// their registers open; a contract's weeks are checked against its target as they end. A reminder checks every minute.
/// </summary>
public interface ICaseworkGrain : IGrainWithStringKey
{
    Task Start();

    /// <summary>A new plan; its id, recorder and reviews are set here.</summary>
    Task<Outcome<ActionPlan>> RecordPlan(ActionPlan plan);

    Task<Outcome<ActionPlan>> ReviewPlan(string planId, CaseReview review);

    /// <summary>Records who signed a plan or contract.</summary>
    Task<Outcome<ActionPlan>> Sign(string planId, PlanSignature signature, Staff by);

    /// <summary>A new line of the case log; its id, recorder and outcome are set here.</summary>
    Task<Outcome<CaseEntry>> Record(CaseEntry entry);

    /// <summary>The outcome of a referral or a panel.</summary>
    Task<Outcome<CaseEntry>> RecordOutcome(string entryId, CaseOutcome outcome);

    Task<Outcome<PartTimeTimetable>> RecordTimetable(PartTimeTimetable timetable);

    Task<Outcome<PartTimeTimetable>> ReviewTimetable(string timetableId, CaseReview review);

    [ReadOnly]
    Task<PupilCasework> List(string? upn = null);

    Task CheckDue();
}
