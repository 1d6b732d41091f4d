using System.Buffers.Text;
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
            .WithSummary("The service's push key (null where notifications are not set up) and how many of the parent's devices have them on");

        devices.MapPut("/", TurnOn)
            .WithSummary("Turn notifications on for this device: the browser's PushSubscription.toJSON() (endpoint and keys)");

        devices.MapDelete("/", TurnOff)
            .WithSummary("Turn notifications off for the device with this endpoint");

        return app;
    }

    public static async Task<Results<Ok<DevicesView>, ProblemHttpResult>> Get(ClaimsPrincipal principal, IGrainFactory grains, IOptions<PushOptions> push)
    {
        var (parent, refused) = await Parent(principal, grains);
        if (refused is not null)
        {
            return refused;
        }

        var devices = await grains.GetParent(parent!.Email).Devices();
        return TypedResults.Ok(new DevicesView(push.Value.Configured ? push.Value.PublicKey : null, devices.Count));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> TurnOn(PushSubscriptionBody body, ClaimsPrincipal principal, IGrainFactory grains, IOptions<PushOptions> push, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock)
    {
        var (parent, refused) = await Parent(principal, grains);
        if (refused is not null)
        {
            return refused;
        }

        if (Problem(body, push.Value) is { } problem)
        {
            return new Rejection(RejectionReason.InvalidPushSubscription, $"{problem} Notifications were not turned on.", ["endpoint"]).ToProblem();
        }

        await grains.GetParent(parent!.Email).AddDevice(new PushDevice(body.Endpoint!, body.Keys!.P256dh!, body.Keys.Auth!, clock.GetUtcNow()));
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

    /// <summary>What is wrong with a subscription, in words, or null.</summary>
    private static string? Problem(PushSubscriptionBody body, PushOptions push)
    {
        if (!push.Configured)
        {
            return "This service has no push key (Messages:Push), so it cannot send notifications.";
        }

        if (!Uri.TryCreate(body.Endpoint, UriKind.Absolute, out var endpoint) || body.Endpoint.Length > 1000)
        {
            return "The subscription's endpoint is not a web address.";
        }

        if (!push.Allows(endpoint))
        {
            return $"'{endpoint.Host}' is not a browser push service this service sends to (Messages:Push:Services).";
        }

        return Decoded(body.Keys?.P256dh) is not { Length: 65 } key || key[0] != 0x04 ? "The subscription's p256dh key is not a P-256 public key (65 bytes, base64url)."
            : Decoded(body.Keys?.Auth) is not { Length: 16 } ? "The subscription's auth secret is not 16 bytes (base64url)."
            : null;
    }

    private static byte[]? Decoded(string? base64Url)
    {
        try
        {
            return base64Url is { Length: < 200 } ? Base64Url.DecodeFromChars(base64Url.TrimEnd('=')) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>A browser's push subscription, as <c>PushSubscription.toJSON()</c> gives it.</summary>
public sealed record PushSubscriptionBody(string? Endpoint, PushKeys? Keys);

public sealed record PushKeys(string? P256dh, string? Auth);

/// <summary>The key the browser subscribes with (null: notifications are not set up) and the parent's devices with notifications on.</summary>
public sealed record DevicesView(string? PublicKey, int Devices);
