using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.Server.Http;

/// <summary>The refusals many features give about what a route names: a pupil, a class, a provision, a session, settings.</summary>
public static class Refusals
{
    public static ProblemHttpResult UnknownPupil(string schoolId, string upn) =>
        Problems.NotFound(RejectionReason.UnknownPupil, $"No pupil with UPN '{upn}' is on roll at school '{schoolId}'.");

    public static ProblemHttpResult UnknownClass(string schoolId, string classId) =>
        Problems.NotFound(RejectionReason.UnknownClass, $"School '{schoolId}' has no class '{classId}'.");

    public static ProblemHttpResult UnknownProvision(string provisionId) =>
        Problems.NotFound(RejectionReason.UnknownProvision, $"There is no provision '{provisionId}'. Create it with PUT /api/provisions/{provisionId}.");

    public static ProblemHttpResult BadSession(string session) =>
        Problems.Invalid($"'{session}' is not a session: use the form 2026-11-23-AM or 2026-11-23-PM.", "session");

    /// <summary>Settings (a school's or a provision's) without what every check needs, or null when they have it.</summary>
    public static ProblemHttpResult? Incomplete(SchoolSettings? settings) =>
        settings?.Calendar?.Terms is null || settings.SessionTimes?.Am is null || settings.SessionTimes.Pm is null
            ? Problems.Invalid("Settings need a name, a calendar with terms, and AM and PM session times.", "name", "calendar", "sessionTimes")
            : null;
}
