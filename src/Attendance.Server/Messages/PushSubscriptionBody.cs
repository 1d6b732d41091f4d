using System.Buffers.Text;
using Attendance.Grains.Abstractions;
using Attendance.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.Server.Messages;

/// <summary>A browser's push subscription, as <c>PushSubscription.toJSON()</c> gives it.</summary>
public sealed record PushSubscriptionBody(string? Endpoint, PushKeys? Keys)
{
    /// <summary>The subscription as a device to notify (once <see cref="Problem"/> found nothing wrong).</summary>
    public PushDevice Device(DateTimeOffset added) => new(Endpoint!, Keys!.P256dh!, Keys.Auth!, added);

    /// <summary>
    /// Why notifications cannot be turned on with this subscription, or null: the service has no push key, the
    /// endpoint is not at a browser push service this service sends to, or the keys are not a P-256 key and a 16-byte secret.
    /// </summary>
    public ProblemHttpResult? Problem(PushOptions push) => Wrong(push) is { } wrong
        ? new Rejection(RejectionReason.InvalidPushSubscription, $"{wrong} Notifications were not turned on.", ["endpoint"]).ToProblem()
        : null;

    private string? Wrong(PushOptions push)
    {
        if (!push.Configured)
        {
            return "This service has no push key (Messages:Push), so it cannot send notifications.";
        }

        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var endpoint) || Endpoint.Length > 1000)
        {
            return "The subscription's endpoint is not a web address.";
        }

        if (!push.Allows(endpoint))
        {
            return $"'{endpoint.Host}' is not a browser push service this service sends to (Messages:Push:Services).";
        }

        return Decoded(Keys?.P256dh) is not { Length: 65 } key || key[0] != 0x04 ? "The subscription's p256dh key is not a P-256 public key (65 bytes, base64url)."
            : Decoded(Keys?.Auth) is not { Length: 16 } ? "The subscription's auth secret is not 16 bytes (base64url)."
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

public sealed record PushKeys(string? P256dh, string? Auth);
