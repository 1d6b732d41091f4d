using System.Security.Claims;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Schools;
using Attendance.Server.Access;
using Attendance.Server.Http;
using Attendance.Server.Messages;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Attendance.Server.Families;

/// <summary>
/// A parent turns notifications on or off for the phone or computer they use the parents' app on: the browser's
/// push subscription is kept on their account, and messages from the schools then arrive as notifications too.
/// </summary>
public static class DevicesApi
{
    public static IEndpointRouteBuilder MapDevicesApi(this IEndpointRouteBuilder app)
    {
        var devices = app.MapGroup("/api/family/devices").WithTags("Parents");

        devices.MapGet("/", Get)
            .WithSummary("The service's push key (null where notifications are not set up), how many of the parent's devices have them on, and whether the device with ?endpoint= is one");

        devices.MapPut("/", TurnOn)
            .WithSummary("Turn notifications on for this device: the browser's PushSubscription.toJSON() (endpoint and keys)");

        devices.MapDelete("/", TurnOff)
            .WithSummary("Turn notifications off for the device with this endpoint");

        return app;
    }

    public static async Task<Results<Ok<DevicesView>, ProblemHttpResult>> Get(string? endpoint, ClaimsPrincipal principal, IGrainFactory grains, IOptions<PushOptions> push)
    {
        var (parent, refused) = await Parent(principal, grains);
        if (refused is not null)
        {
            return refused;
        }

        var devices = await grains.GetParent(parent!.Email).Devices();
        return TypedResults.Ok(new DevicesView(push.Value.BrowserKey, devices.Count, devices.Any(d => d.Endpoint == endpoint)));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> TurnOn(PushSubscriptionBody body, ClaimsPrincipal principal, IGrainFactory grains, IOptions<PushOptions> push, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock)
    {
        var (parent, refused) = await Parent(principal, grains);
        if (refused is not null)
        {
            return refused;
        }

        if (body.Problem(push.Value) is { } problem)
        {
            return problem;
        }

        await grains.GetParent(parent!.Email).AddDevice(body.Device(clock.GetUtcNow()));
        return TypedResults.NoContent();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> TurnOff(string? endpoint, ClaimsPrincipal principal, IGrainFactory grains)
    {
        var (parent, refused) = await Parent(principal, grains);
        if (refused is not null)
        {
            return refused;
        }

        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return Problems.Invalid("Give the device's push endpoint (?endpoint=…) whose notifications to turn off.", "endpoint");
        }

        await grains.GetParent(parent!.Email).RemoveDevice(endpoint);
        return TypedResults.NoContent();
    }

    /// <summary>The parent, when the account keeps their address and has a child linked; else why not.</summary>
    private static async Task<(ParentUser? Parent, ProblemHttpResult? Refused)> Parent(ClaimsPrincipal principal, IGrainFactory grains)
    {
        if (ParentUser.From(principal) is not { } parent)
        {
            return (null, FamiliesApi.NotAParent());
        }

        return await grains.GetParent(parent.Email).ChildrenOf(parent.Subject!) switch
        {
            null => (null, FamiliesApi.AnotherAccount()),
            [] => (null, new Rejection(RejectionReason.NotYourChild,
                "No child is linked to your account yet, so there is nothing to notify you about. Ask your child's school office to hold your e-mail address as a contact.").ToProblem()),
            _ => (parent, null),
        };
    }
}

/// <summary>The key the browser subscribes with (null: notifications are not set up), the parent's devices with notifications on, and whether the device asking is one.</summary>
public sealed record DevicesView(string? PublicKey, int Devices, bool ThisDevice);
