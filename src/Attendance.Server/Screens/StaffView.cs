using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;

namespace Attendance.Server.Screens;

/// <summary>
/// What each role sees of a pupil on the staff screens: the API returns only that, so a page never holds what its
/// user may not read.
/// </summary>
public static class StaffView
{
    /// <summary>
    /// Teachers see the flags that shape teaching (SEND, pupil premium); whether a pupil has a social worker or is
    /// vulnerable is for the office and leads, who make the calls and the safeguarding follow-up.
    /// </summary>
    public static PupilFlags? Flags(StaffUser user, PupilFlags? flags) =>
        flags is null || SeesSafeguarding(user) ? flags : flags with { HasSocialWorker = false, Vulnerable = false };

    /// <summary>Contacts are for the roles that call home (the follow-up capability).</summary>
    public static bool SeesContacts(StaffUser user, string schoolId) => AccessRules.Allows(user, Capability.FollowUp, schoolId);

    private static bool SeesSafeguarding(StaffUser user) =>
        user.Roles.Any(r => r is not StaffRole.Teacher);

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
    public static bool MayRecord(StaffUser user, AttendancePolicy policy, string code) =>
        !LimitedToTeacherCodes(user) || policy.TeacherCodes.Contains(code, StringComparer.OrdinalIgnoreCase);

    /// <summary>A teacher who is not also the office or a lead records only the policy's teacher codes.</summary>
    public static bool LimitedToTeacherCodes(StaffUser user) =>
        user.Has(StaffRole.Teacher) && !user.Has(StaffRole.AttendanceOfficer) && !user.Has(StaffRole.AttendanceLead);
}
