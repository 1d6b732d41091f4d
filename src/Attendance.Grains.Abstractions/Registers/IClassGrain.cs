using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>
/// A registration group: its roll and its register for each session, live counts and whether it was submitted.
/// All marks for the class's pupils pass through it, so its view of today is always current.
/// </summary>
public interface IClassGrain : IGrainWithStringKey
{
    /// <summary>Set by the school grain when the roster or the school's settings change.</summary>
    Task Configure(ClassSetup setup);

    Task<Outcome<Marked>> SubmitRegister(RegisterSubmission submission);

    Task<Outcome<Marked>> Mark(SingleMark mark);

    Task<Outcome<Marked>> RecordArrival(Arrival arrival);

    Task<Outcome<Marked>> Amend(Amendment amendment);

    Task<ClassRegister?> GetRegister(Session session);

    Task<ClassSessionStatus?> GetStatus(Session session);

    /// <summary>The session's counts only, without keeping the session in the live view (for looking back).</summary>
    Task<SessionCounts?> GetCounts(Session session);
}
