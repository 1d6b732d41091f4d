using System.Security.Claims;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Schools;
using Attendance.Server.Access;
using Attendance.Server.Messages;
using Attendance.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Attendance.Server.Alerts;

/// <summary>
/// Going on duty: a member of the pastoral staff who sees all the school's alerts turns notifications on for their
/// phone for the rest of the school's day, and a pupil missing from a lesson while in school reaches it at once.
/// </summary>
public static class DutyApi
{
    public static IEndpointRouteBuilder MapDutyApi(this IEndpointRouteBuilder app)
    {
        var duty = app.MapGroup("/api/schools/{schoolId}/duty").WithTags("Alerts").RequireAccess(Capability.Alerts).ForKnownSchool()
            .AddEndpointFilter(async (context, next) =>
                AccessRules.ClassesSeen(StaffUser.From(context.HttpContext.User), Capability.Alerts, (string)context.HttpContext.GetRouteValue("schoolId")!) is null
                    ? await next(context)
                    : NotTheWholeSchool);

        duty.MapGet("/", Get)
            .WithSummary("The push key (null where notifications are not set up), who is on duty with notifications on until when, and whether the device with ?endpoint= is");

        duty.MapPut("/", GoOnDuty)
            .WithSummary("Go on duty until the end of the school's day: truancy alerts reach this device (the browser's PushSubscription.toJSON())");

        duty.MapDelete("/", GoOffDuty)
            .WithSummary("Go off duty: the device with this endpoint gets no more alerts");

        return app;
    }

    // Duty is for the school's truancy alerts, all of them: a head of year sees their forms' on the dashboard.
    private static readonly ProblemHttpResult NotTheWholeSchool = new Rejection(RejectionReason.Forbidden,
        "Going on duty brings every truancy alert of the school to your phone: it is for those who see all the school's alerts (attendance lead, senior leader). Your forms' alerts are on your dashboard.").ToProblem();

    public static async Task<Ok<DutyView>> Get(string? endpoint, KnownSchool school, IGrainFactory grains, IOptions<PushOptions> push)
    {
        var onDuty = await grains.GetGrain<IDutyGrain>(school.Id).OnDuty();
        return TypedResults.Ok(new DutyView(push.Value.BrowserKey,
            [.. onDuty.Select(s => new OnDutyView(s.Name, s.Position, s.Until))], onDuty.Any(s => s.Device.Endpoint == endpoint)));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> GoOnDuty(
        PushSubscriptionBody body, KnownSchool school, ClaimsPrincipal principal, IGrainFactory grains, IOptions<PushOptions> push,
        [FromKeyedServices(SchoolClock.Key)] TimeProvider clock)
    {
        if (body.Problem(push.Value) is { } problem)
        {
            return problem;
        }

        var now = clock.GetUtcNow();
        var staff = principal.Staff();
        await grains.GetGrain<IDutyGrain>(school.Id).GoOnDuty(new StaffOnDuty(staff.Name, staff.Position, body.Device(now), school.Settings.EndOfDay(now)));
        return TypedResults.NoContent();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> GoOffDuty(string? endpoint, KnownSchool school, IGrainFactory grains)
    {
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return Problems.Invalid("Give the device's push endpoint (?endpoint=…) to take off duty.", "endpoint");
        }

        await grains.GetGrain<IDutyGrain>(school.Id).RemoveDevice(endpoint);
        return TypedResults.NoContent();
    }
}

/// <summary>The key a browser subscribes with (null: notifications are not set up), who is on duty, and whether the device asking is.</summary>
public sealed record DutyView(string? PublicKey, IReadOnlyList<OnDutyView> OnDuty, bool ThisDevice);

public sealed record OnDutyView(string Name, string Position, DateTimeOffset Until);
