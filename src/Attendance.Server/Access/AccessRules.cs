using static Attendance.Server.Access.StaffRole;

namespace Attendance.Server.Access;

/// <summary>
/// Who may do what, and where: each capability lists the roles that have it. A school role covers the schools in the
/// user's <c>school</c> claims; a teacher also needs the class in their <c>group</c> claims, or for a lesson to be
/// the one teaching it that day (their <c>staff</c> claim, cover included); a head of year the class in their
/// <c>group</c> claims (their year's forms), and the school's alerts only as far as those classes go; provision staff the
/// provision in their <c>provision</c> claims; a trust leader covers every school and provision of the deployment.
/// </summary>
public static class AccessRules
{
    private static readonly StaffRole[] SchoolStaff = [AttendanceOfficer, AttendanceLead, SeniorLeader, TrustLeader];

    private static readonly Dictionary<Capability, StaffRole[]> Roles = new()
    {
        [Capability.SchoolInfo] = [Teacher, HeadOfYear, .. SchoolStaff],
        [Capability.ViewSchool] = SchoolStaff,
        [Capability.ViewClass] = [Teacher, HeadOfYear, .. SchoolStaff],
        [Capability.ViewPupil] = [Teacher, HeadOfYear, .. SchoolStaff],
        [Capability.TakeRegister] = [Teacher, AttendanceOfficer],
        [Capability.Amend] = [AttendanceOfficer, AttendanceLead],
        [Capability.RecordArrival] = [AttendanceOfficer],
        [Capability.ManageSchool] = [AttendanceOfficer, TrustLeader],
        [Capability.ExportRegister] = SchoolStaff,
        [Capability.Alerts] = [AttendanceLead, SeniorLeader, TrustLeader, HeadOfYear],
        [Capability.FollowUp] = SchoolStaff,
        [Capability.SchoolPolicy] = [AttendanceLead, SeniorLeader, TrustLeader],
        [Capability.Provision] = [ProvisionStaff, TrustLeader],
        [Capability.ManageProvision] = [ProvisionStaff, TrustLeader],
        [Capability.PlaceGuest] = [AttendanceOfficer, AttendanceLead, TrustLeader],
        [Capability.TrustPolicy] = [TrustLeader],
        [Capability.TrustAlerts] = [TrustLeader],
        [Capability.DecideLeave] = [SeniorLeader],
        [Capability.Metrics] = [TrustLeader],
        [Capability.StatutoryExtract] = [AttendanceOfficer, TrustLeader],
        [Capability.StartRollCall] = [AttendanceOfficer, SeniorLeader],
        [Capability.Evidence] = [AttendanceOfficer, AttendanceLead],
        [Capability.RollCall] = [Teacher, HeadOfYear, .. SchoolStaff],
        [Capability.RequestPenaltyNotice] = [SeniorLeader],
    };

    /// <summary>The roles that have the capability (a hub group's members are people in these roles).</summary>
    public static IReadOnlyList<StaffRole> RolesWith(Capability capability) => Roles[capability];

    /// <summary>Whether the capability applies to a provision (its target is a provision id) rather than a school.</summary>
    public static bool IsProvisionScoped(Capability capability) => capability is Capability.Provision or Capability.ManageProvision;

    /// <param name="targetId">The school or provision acted on; null for the trust as a whole.</param>
    /// <param name="classId">The class acted on, when there is one (what a teacher's access depends on).</param>
    /// <param name="lessonTeacher">For a lesson, the staff code of whoever teaches it that day (a teacher's access to it).</param>
    public static bool Allows(StaffUser user, Capability capability, string? targetId, string? classId = null, string? lessonTeacher = null) =>
        Roles[capability].Any(role => user.Has(role) && Covers(user, role, capability, targetId, classId, lessonTeacher));

    private static bool Covers(StaffUser user, StaffRole role, Capability capability, string? targetId, string? classId, string? lessonTeacher) => role switch
    {
        TrustLeader => true,
        _ when targetId is null => false,
        ProvisionStaff => user.Provisions.Contains(targetId),
        // A roll call as a whole (the screen, the hub) is answered with their groups' pupils only.
        Teacher => user.Schools.Contains(targetId) && (capability == Capability.SchoolInfo || InGroups(user, classId)
            || (lessonTeacher is not null && string.Equals(lessonTeacher, user.StaffCode, StringComparison.OrdinalIgnoreCase))
            || (capability == Capability.RollCall && classId is null)),

        // The school's alerts as a whole (the list, the hub) are answered with their groups' alerts only; going on
        // duty, for every truancy of the school, is refused them (DutyApi).
        HeadOfYear => user.Schools.Contains(targetId) && (capability == Capability.SchoolInfo || InGroups(user, classId)
            || (capability is Capability.Alerts or Capability.RollCall && classId is null)),
        _ => user.Schools.Contains(targetId),
    };

    private static bool InGroups(StaffUser user, string? classId) => classId is not null && user.Groups.Contains(classId);

    /// <summary>
    /// The classes whose pupils the user sees through a school-wide capability (its alerts, a roll call): null for
    /// every class (a school-wide role there), else their registration groups (a teacher, a head of year).
    /// </summary>
    public static IReadOnlyList<string>? ClassesSeen(StaffUser user, Capability capability, string schoolId) =>
        Roles[capability].Any(role => role is not (Teacher or HeadOfYear) && user.Has(role) && Covers(user, role, capability, schoolId, null, null))
            ? null
            : [.. user.Groups.Order(StringComparer.Ordinal)];
}
