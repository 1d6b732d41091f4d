using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>
/// A school's casework: action plans and contracts, part-time timetables. A review that falls due raises a follow-up
/// task (closed when the review is recorded); a part-time timetable's sessions off site are coded <c>C2</c> as
/// their registers open. A reminder checks every minute.
/// </summary>
public interface ICaseworkGrain : IGrainWithStringKey
{
    Task Start();

    /// <summary>A new plan; its id, recorder and reviews are set here.</summary>
    Task<Outcome<ActionPlan>> RecordPlan(ActionPlan plan);

    Task<Outcome<ActionPlan>> ReviewPlan(string planId, CaseReview review);

    Task<Outcome<PartTimeTimetable>> RecordTimetable(PartTimeTimetable timetable);

    Task<Outcome<PartTimeTimetable>> ReviewTimetable(string timetableId, CaseReview review);

    [ReadOnly]
    Task<PupilCasework> List(string? upn = null);

    Task CheckDue();
}
