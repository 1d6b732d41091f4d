namespace Attendance.Server.Messages;

/// <summary>
/// Web Push to the parents' app (section "Messages:Push"): the service's VAPID key pair (P-256, base64url: the public
/// key's 65 bytes, the private key's 32) and a contact for the push services. None configured, the parents' app does
/// not offer notifications; in development a key pair is made at start.
/// </summary>
public sealed class PushOptions
{
    public const string Section = "Messages:Push";

    public string? PublicKey { get; set; }

    public string? PrivateKey { get; set; }

    /// <summary>Who the push services may contact about this service's notifications (a mailto: or https: URL).</summary>
    public string Subject { get; set; } = "mailto:attendance@localhost";

    /// <summary>
    /// The push services a subscription's endpoint may be at; none configured, the browsers' own
    /// (<see cref="BrowserServices"/>). Any other endpoint is refused, so a subscription cannot make this server post
    /// to an address of someone's choosing. A <c>*.</c> host matches any host under it.
    /// </summary>
    public List<string> Services { get; set; } = [];

    /// <summary>Chrome and Edge's FCM, Firefox's autopush, Safari's, Windows'.</summary>
    public static IReadOnlyList<string> BrowserServices { get; } =
    [
        "https://fcm.googleapis.com/",
        "https://updates.push.services.mozilla.com/",
        "https://web.push.apple.com/",
        "https://*.notify.windows.com/",
    ];

    public bool Configured => !string.IsNullOrWhiteSpace(PublicKey) && !string.IsNullOrWhiteSpace(PrivateKey);

    /// <summary>The key a browser subscribes with, or null where notifications are not set up (the pages then do not offer them).</summary>
    public string? BrowserKey => Configured ? PublicKey : null;

    /// <summary>Whether an endpoint is at one of the push services (same scheme, host and port).</summary>
    public bool Allows(Uri endpoint) => (Services.Count > 0 ? Services : BrowserServices).Select(s => new Uri(s.Replace("*.", "wildcard.", StringComparison.Ordinal))).Any(service =>
        service.Scheme == endpoint.Scheme && service.Port == endpoint.Port
        && (service.Host.StartsWith("wildcard.", StringComparison.Ordinal)
            ? endpoint.Host.EndsWith(service.Host["wildcard".Length..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(service.Host, endpoint.Host, StringComparison.OrdinalIgnoreCase)));
}
