namespace Attendance.Server.Access;

/// <summary>
/// How staff sign in (section "Authentication"). In production, name the trust's identity provider (any OpenID Connect
/// issuer: Microsoft Entra ID, Google Workspace, Keycloak...) with <see cref="Authority"/> and <see cref="Audience"/>;
/// its access tokens carry the <c>role</c>, <c>school</c>, <c>group</c> and <c>provision</c> claims. Without an
/// authority the service does not start (<see cref="SignInMode"/>), except on a developer's machine that asks for the
/// password-less development sign-in.
/// </summary>
public sealed class SignInOptions
{
    public const string Section = "Authentication";

    /// <summary>The identity provider's issuer URL; its OpenID Connect discovery document gives the signing keys.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience the identity provider puts in tokens for this API.</summary>
    public string? Audience { get; set; }

    /// <summary>
    /// This service's client id at the identity provider: with it, the pages sign in through the provider (OpenID
    /// Connect code flow with PKCE, a cookie session held by this server). Without it, only bearer tokens are taken.
    /// </summary>
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Scopes asked of the provider besides <c>openid</c> and <c>profile</c>.</summary>
    public string[] Scopes { get; set; } = ["email", "roles"];

    /// <summary>
    /// HTTPS for the provider's discovery document and a session cookie sent over HTTPS only. Off only for a trial on
    /// localhost or a test, where the provider and the pages are on plain HTTP.
    /// </summary>
    public bool RequireHttps { get; set; } = true;

    /// <summary>How long a page's session lasts without use (it is renewed while staff use the pages).</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>The longest a page's session lasts however much it is used: then the user signs in again (a shared office PC left signed in).</summary>
    public TimeSpan SessionMaxLifetime { get; set; } = TimeSpan.FromHours(12);

    public DevelopmentSignInOptions Development { get; set; } = new();

    public bool HasProvider => !string.IsNullOrWhiteSpace(Authority);
}

