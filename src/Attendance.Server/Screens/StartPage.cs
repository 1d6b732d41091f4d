using Attendance.Server.Access;

namespace Attendance.Server.Screens;

/// <summary>Where each role's morning starts: the page <c>/</c> sends them to after sign-in.</summary>
public static class StartPage
{
    public static string? For(StaffUser user)
    {
        var school = user.Schools.Order().FirstOrDefault();
        string At(string page) => school is null ? page : $"{page}?school={Uri.EscapeDataString(school)}";

        // Someone with several roles starts where the first of these puts them: the one closest to the register.
        return user switch
        {
            _ when user.Has(StaffRole.Teacher) => At("registers.html"),
            _ when user.Has(StaffRole.AttendanceOfficer) => At("office.html"),
            _ when user.Has(StaffRole.AttendanceLead) || user.Has(StaffRole.SeniorLeader) || user.Has(StaffRole.HeadOfYear) => At("dashboard.html"),
            _ when user.Has(StaffRole.TrustLeader) => "trust.html",
            _ when user.Provisions.Order().FirstOrDefault() is { } provision => $"provision.html?provision={Uri.EscapeDataString(provision)}",
            _ => null, // no role this service knows: the start page says so
        };
    }
}
