using Attendance.Grains.Abstractions;
using Microsoft.AspNetCore.Authorization;

namespace Attendance.Server.Access;

/// <summary>An endpoint's capability, checked against the school, provision and class its route names.</summary>
public sealed record AccessRequirement(Capability Capability) : IAuthorizationRequirement;

public sealed class AccessHandler(IGrainFactory grains) : AuthorizationHandler<AccessRequirement, HttpContext>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AccessRequirement requirement, HttpContext http)
    {
        var user = StaffUser.From(context.User);
        var capability = requirement.Capability;
        var target = Route(http, AccessRules.IsProvisionScoped(capability) ? "provisionId" : "schoolId") ?? Route(http, "ownerId");
        var classId = Route(http, "classId");

        // A teacher's or a head of year's access to a pupil is through the pupil's class, and a head of year's to an
        // alert through its pupil's (an alert they may not see looks like one that does not exist).
        var byClass = user.Has(StaffRole.Teacher) || user.Has(StaffRole.HeadOfYear);
        if (classId is null && target is not null && byClass && Route(http, "upn") is { } upn)
        {
            classId = await grains.GetGrain<ISchoolGrain>(target).FindClassOf(upn);
        }

        if (classId is null && target is not null && user.Has(StaffRole.HeadOfYear) && Route(http, "alertId") is { } alertId)
        {
            classId = (await grains.GetGrain<IAlertInboxGrain>(target).Get(alertId))?.ClassId ?? "";
        }

        // A teacher's access to a lesson is through teaching it that day (the timetable, with the day's cover).
        string? lessonTeacher = null;
        if (target is not null && user.Has(StaffRole.Teacher) && Route(http, "lessonId") is { } lessonId
            && DateOnly.TryParseExact(Route(http, "date"), "yyyy-MM-dd", out var date))
        {
            lessonTeacher = (await grains.GetGrain<ITimetableGrain>(target).LessonsOn(date)).FirstOrDefault(l => l.LessonId == lessonId)?.Teacher;
        }

        if (AccessRules.Allows(user, capability, target, classId, lessonTeacher))
        {
            context.Succeed(requirement);
        }
    }

    private static string? Route(HttpContext http, string name) => http.GetRouteValue(name) as string;
}

public static class AccessEndpoints
{
    /// <summary>Only staff whose role and scope give them <paramref name="capability"/> for the route's school or provision.</summary>
    public static TBuilder RequireAccess<TBuilder>(this TBuilder builder, Capability capability)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(capability.ToString());
}
