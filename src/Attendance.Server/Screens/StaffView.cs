using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;

namespace Attendance.Server.Screens;

/// <summary>What each role may record on the staff screens (what they may see of a pupil is <see cref="PupilProjection"/>).</summary>
public static class StaffView
{
    /// <summary>
    /// The codes this user may record for a session part: every national code a pupil's mark can take (not the other
    /// session's present code, nor the whole-school ones), and for a teacher only the policy's teacher codes.
    /// </summary>
    public static IReadOnlyList<AttendanceCode> Codes(StaffUser user, AttendancePolicy policy, SessionPart part) =>
        [.. NationalCodes.All.Where(c =>
            c.Code != (part == SessionPart.AM ? "\\" : "/")
            && c.Category != AttendanceCategory.Administrative
            && MayRecord(user, policy, c.Code))];

    /// <summary>Whether the user may record this code: the office and leads keep the full set.</summary>
    private static bool MayRecord(StaffUser user, AttendancePolicy policy, string code) =>
        !LimitedToTeacherCodes(user) || policy.TeacherCodes.Contains(code, StringComparer.OrdinalIgnoreCase);

    /// <summary>A teacher who is not also the office or a lead records only the policy's teacher codes.</summary>
    public static bool LimitedToTeacherCodes(StaffUser user) =>
        user.Has(StaffRole.Teacher) && !user.Has(StaffRole.AttendanceOfficer) && !user.Has(StaffRole.AttendanceLead);
}
