namespace Attendance.Server.Access;

/// <summary>The roles a member of staff signs in with (the <c>role</c> claim carries the kebab-case name).</summary>
public enum StaffRole
{
    /// <summary>Takes the registers of their registration groups (<c>group</c> claims) at their school.</summary>
    Teacher,

    /// <summary>The school office or attendance officer: marks, amendments, arrivals, follow-up calls at their school.</summary>
    AttendanceOfficer,

    /// <summary>The school's attendance lead: alerts and decisions, amendments, follow-up, the school's policy.</summary>
    AttendanceLead,

    /// <summary>A senior leader: sees everything at their school, alerts and policy.</summary>
    SeniorLeader,

    /// <summary>A trust leader: every school of the trust, figures and pupils; the trust's policy and alerts.</summary>
    TrustLeader,

    /// <summary>Staff of an enhanced provision (<c>provision</c> claims): their guest pupils only.</summary>
    ProvisionStaff,

    /// <summary>
    /// A head of year (pastoral lead): the pupils of their year's registration groups (<c>group</c> claims, e.g. 9A…9F)
    /// and those pupils' alerts, truancy first.
    /// </summary>
    HeadOfYear,
}

public static class StaffRoles
{
    public static string ClaimValue(this StaffRole role) => role switch
    {
        StaffRole.Teacher => "teacher",
        StaffRole.AttendanceOfficer => "attendance-officer",
        StaffRole.AttendanceLead => "attendance-lead",
        StaffRole.SeniorLeader => "senior-leader",
        StaffRole.TrustLeader => "trust-leader",
        StaffRole.HeadOfYear => "head-of-year",
        _ => "provision-staff",
    };

    /// <summary>The position recorded with a mark when the identity provider does not give one.</summary>
    public static string Position(this StaffRole role) => role switch
    {
        StaffRole.Teacher => "Teacher",
        StaffRole.AttendanceOfficer => "Attendance officer",
        StaffRole.AttendanceLead => "Attendance lead",
        StaffRole.SeniorLeader => "Senior leader",
        StaffRole.TrustLeader => "Trust leader",
        StaffRole.HeadOfYear => "Head of year",
        _ => "Provision staff",
    };

    public static bool TryParse(string value, out StaffRole role)
    {
        foreach (var candidate in Enum.GetValues<StaffRole>())
        {
            if (string.Equals(candidate.ClaimValue(), value, StringComparison.OrdinalIgnoreCase))
            {
                role = candidate;
                return true;
            }
        }

        role = default;
        return false;
    }
}
