using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>
/// A school's absence reports and leave requests from parents: the office sees each at once (pushed to the school's
/// feed), the first-day call list leaves out pupils reported before the register closed, and accepted reports and
/// leave decisions become the sessions' codes when those sessions come.
/// </summary>
public interface IFamilyRequestsGrain : IGrainWithStringKey
{
    Task<Outcome<AbsenceReport>> Report(NewAbsenceReport report);

    Task<Outcome<AbsenceReport>> Answer(ReportAnswer answer);

    /// <summary>
    /// Records a file the parent who made the report sent with it (its content already kept by the server): only
    /// theirs, not once accepted, at most <see cref="Domain.Evidence.MostPerReport"/>.
    /// </summary>
    Task<Outcome<AbsenceReport>> AttachEvidence(string reportId, string upn, Parent by, EvidenceFile file);

    Task<Outcome<LeaveRequest>> RequestLeave(NewLeaveRequest request);

    /// <summary>A parent asks for their own phone number or e-mail address to be changed on their child's contacts.</summary>
    Task<Outcome<ContactChange>> RequestContactChange(NewContactChange change);

    /// <summary>The office approves (the pupil's contacts are changed, and the parent's account follows a new address) or refuses.</summary>
    Task<Outcome<ContactChange>> DecideContactChange(ContactChangeAnswer answer);

    Task<Outcome<LeaveRequest>> Decide(LeaveAnswer answer);

    [ReadOnly]
    Task<FamilyRequests> List(string? upn = null);

    /// <summary>Reports covering <paramref name="session"/> made before <paramref name="before"/>, by UPN (the first-day call list leaves these pupils out).</summary>
    [ReadOnly]
    Task<IReadOnlyDictionary<string, AbsenceReport>> ReportedFor(Session session, DateTimeOffset before);

    /// <summary>Starts the durable check that applies decided codes when their sessions come (a reminder).</summary>
    Task Start();

    /// <summary>Applies decided codes to the sessions that have opened, and refused leave to the ones that closed (a reminder calls it).</summary>
    Task CheckDue();
}
