using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>
/// A registration group: its roll and its register for each session, live counts and whether it was submitted.
/// Registers, marks and amendments pass through it; each pupil tells it of a gate arrival (one-way).
/// </summary>
public interface IClassGrain : IGrainWithStringKey
{
    /// <summary>Set by the school grain when the roster or the school's settings change.</summary>
    Task Configure(ClassSetup setup);

    Task<Outcome<Marked>> SubmitRegister(RegisterSubmission submission);

    Task<Outcome<Marked>> Mark(SingleMark mark);

    /// <summary>
    /// A member's place (class, register times, roll), for a pupil that has none since it activated. Interleaved:
    /// it reads the setup only, and a pupil asking while the class sets up must not wait for it.
    /// </summary>
    [AlwaysInterleave]
    Task<PupilPlace?> GetPlace(string upn);

    /// <summary>
    /// A member recorded a mark on its own (a gate arrival): the class puts it in its live view and tells the feed
    /// and follow-up, as for the marks it sends. One-way: the arrival never waits for dashboards.
    /// </summary>
    /// <param name="replaced">The mark the entry replaced (none, or an N): the class takes the entry as it comes
    /// only while its view still holds that mark, and otherwise asks the pupil.</param>
    [OneWay]
    Task MemberMarked(string upn, RegisterEntry? replaced, RegisterEntry entry);

    Task<Outcome<Marked>> Amend(Amendment amendment);

    Task<ClassRegister?> GetRegister(Session session);

    Task<ClassSessionStatus?> GetStatus(Session session);

    /// <summary>The session's counts only, without keeping the session in the live view (for looking back).</summary>
    Task<SessionCounts?> GetCounts(Session session);
}
