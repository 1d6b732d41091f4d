using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Grains.Registers;

internal static class SessionCodes
{
    /// <summary>
    /// Records a code the school decided for a session (a reason from a call, a parent's report accepted, leave):
    /// amends the session's mark, or marks the session if it has none yet, with the reason kept on the register.
    /// </summary>
    public static async Task<Rejection?> SetCode(this IClassGrain register, string upn, Session session, string code, string reason, Staff by)
    {
        var amended = await register.Amend(new Amendment(upn, session, code, reason, by));
        if (amended.Rejection?.Reason == RejectionReason.NotMarked)
        {
            amended = await register.Mark(new SingleMark(upn, session, code, by, Note: reason));
        }

        return amended.Rejection;
    }

    /// <summary>
    /// Puts a code decided ahead (a parent's report accepted, leave, a part-time timetable) on a session when the
    /// pupil has no mark or <c>N</c>; a pupil who came in keeps their mark. <paramref name="onlyWhenAbsent"/>: only
    /// over an <c>N</c> (refused leave is only coded when taken). False when the session's register has not opened
    /// yet (try again later); true once the session is dealt with.
    /// </summary>
    public static async Task<bool> ApplyDecidedCode(this IGrainFactory grains, string schoolId, string upn, Session session, string code, string reason, Staff by, bool onlyWhenAbsent = false)
    {
        var current = await grains.GetPupil(schoolId, upn).GetCode(session);
        if ((current is not null && current != NationalCodes.ReasonNotYetEstablished.Code) || (onlyWhenAbsent && current is null))
        {
            return true;
        }

        if (await grains.GetGrain<ISchoolGrain>(schoolId).FindClassOf(upn) is not { } classId)
        {
            return true; // no longer on roll
        }

        var refused = await grains.GetClass(schoolId, classId).SetCode(upn, session, code, reason, by);
        return refused?.Reason != RejectionReason.FutureSession;
    }
}
