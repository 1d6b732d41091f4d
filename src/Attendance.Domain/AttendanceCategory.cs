namespace Attendance.Domain;

/// <summary>The statistical category every national code falls into (DfE, 2024).</summary>
public enum AttendanceCategory
{
    /// <summary>Present, including late before the register closed.</summary>
    Present,

    /// <summary>Approved educational activity off site: counts as attendance.</summary>
    ApprovedEducationalActivity,

    AuthorisedAbsence,

    UnauthorisedAbsence,

    /// <summary>Not a possible session: dual registration, not required, unable to attend (Q, Y1-Y7).</summary>
    NotCounted,

    /// <summary>Administrative: not yet on roll (Z), planned closure (#).</summary>
    Administrative,
}

public static class AttendanceCategoryExtensions
{
    /// <summary>Possible sessions are those in the present, approved, authorised and unauthorised categories.</summary>
    public static bool IsPossibleSession(this AttendanceCategory category) => category is
        AttendanceCategory.Present or AttendanceCategory.ApprovedEducationalActivity or
        AttendanceCategory.AuthorisedAbsence or AttendanceCategory.UnauthorisedAbsence;

    /// <summary>Attendance = present + approved educational activity.</summary>
    public static bool CountsAsAttendance(this AttendanceCategory category) => category is
        AttendanceCategory.Present or AttendanceCategory.ApprovedEducationalActivity;
}
