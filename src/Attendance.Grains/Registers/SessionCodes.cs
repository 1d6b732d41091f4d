using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Grains;

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
}
