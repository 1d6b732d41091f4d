using Attendance.Server.Access;
using static Attendance.Server.Access.StaffRole;

namespace Attendance.Server.Tests;

/// <summary>Staff for the tests, built like the identity provider's tokens describe them.</summary>
public static class TestUsers
{
    public static StaffUser Teacher(string schoolId, string classId) => StaffUser.Of("Ms Patel", "Class teacher", [StaffRole.Teacher], schools: [schoolId], groups: [classId]);

    /// <summary>A subject teacher known on the school's lesson timetable by <paramref name="staffCode"/>.</summary>
    public static StaffUser SubjectTeacher(string schoolId, string staffCode, string name = "Mr Khan") =>
        StaffUser.Of(name, "Teacher", [StaffRole.Teacher], schools: [schoolId], staffCode: staffCode);

    public static StaffUser Officer(string schoolId) => StaffUser.Of("Mr Jones", "Attendance officer", [AttendanceOfficer], schools: [schoolId]);

    public static StaffUser Lead(string schoolId) => StaffUser.Of("Mrs Okafor", "Attendance lead", [AttendanceLead], schools: [schoolId]);

    public static StaffUser Senior(string schoolId) => StaffUser.Of("Dr Hughes", "Headteacher", [SeniorLeader], schools: [schoolId]);

    /// <summary>A head of year whose year's forms are <paramref name="classIds"/>.</summary>
    public static StaffUser HeadOfYear(string schoolId, params string[] classIds) =>
        StaffUser.Of("Mr Adeyemi", "Head of Year 3", [StaffRole.HeadOfYear], schools: [schoolId], groups: classIds);

    public static StaffUser Trust { get; } = StaffUser.Of("Ms Clarke", "Trust director of attendance", [TrustLeader]);

    public static StaffUser ProvisionStaff(string provisionId) => StaffUser.Of("Sam Reid", "Keyworker, The Bridge", [StaffRole.ProvisionStaff], provisions: [provisionId]);

    /// <summary>The office, lead and senior leader of a school in one (the person behind most behaviour tests).</summary>
    public static StaffUser SchoolStaff(string schoolId) => StaffUser.Of("Mr Jones", "Attendance officer", [AttendanceOfficer, AttendanceLead, SeniorLeader], schools: [schoolId]);

    /// <summary>Whoever may use the URL: a school's staff, a provision's staff, or a trust leader for the rest.</summary>
    public static StaffUser ForPath(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries) switch
    {
        ["api", "schools", var schoolId, ..] => SchoolStaff(Uri.UnescapeDataString(schoolId)),
        ["api", "provisions", var provisionId, ..] => ProvisionStaff(Uri.UnescapeDataString(provisionId)),
        _ => Trust,
    };
}
