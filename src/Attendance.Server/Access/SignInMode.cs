namespace Attendance.Server.Access;

/// <summary>How people sign in to this deployment, decided once at start from the configuration and the host.</summary>
public enum SignInMode
{
    /// <summary>The pages sign in through the trust's identity provider (a cookie session); programs send its tokens.</summary>
    Provider,

    /// <summary>Only bearer tokens from the trust's identity provider (an identity provider without a client id).</summary>
    Bearer,

    /// <summary>FOR DEVELOPMENT ONLY: seeded users without a password (<see cref="DevelopmentSignIn"/>).</summary>
    Development,
}

public static class SignInModes
{
    /// <summary>
    /// The sign-in this deployment may run with, or why it must not start: without an identity provider there is no
    /// safe way to know who anyone is, so only a Development host that explicitly asks gets the password-less sign-in.
    /// </summary>
    public static (SignInMode? Mode, string? Refusal) Decide(SignInOptions options, IHostEnvironment host)
    {
        if (options.HasProvider)
        {
            return (string.IsNullOrWhiteSpace(options.ClientId) ? SignInMode.Bearer : SignInMode.Provider, null);
        }

        if (host.IsDevelopment() && options.Development.Enabled)
        {
            return (SignInMode.Development, null);
        }

        return (null,
            "Attendance.Orleans will not start without an identity provider: nobody's identity could be checked. Set " +
            "Authentication__Authority (the trust's OpenID Connect issuer, e.g. https://login.microsoftonline.com/{tenant}/v2.0), " +
            "Authentication__Audience, and for the pages Authentication__ClientId and Authentication__ClientSecret " +
            "(docs/SECURITY.md, 'Deploying safely'). The password-less development sign-in exists only on a developer's machine: " +
            $"ASPNETCORE_ENVIRONMENT=Development with Authentication__Development__Enabled=true (this host runs as '{host.EnvironmentName}'" +
            (options.Development.Enabled ? ", so Authentication__Development__Enabled is ignored)." : ")."));
    }
}

/// <summary>The sign-in decided at start, for the endpoints that depend on it.</summary>
public sealed record SignInSetup(SignInMode Mode);
