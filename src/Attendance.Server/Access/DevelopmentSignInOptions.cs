namespace Attendance.Server.Access;

public sealed class DevelopmentSignInOptions
{
    /// <summary>
    /// Asks for the password-less development sign-in. Honoured only when the host runs as Development and no identity
    /// provider is named (appsettings.Development.json turns it on for <c>dotnet run</c>); anywhere else it is refused.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The key development tokens are signed with (base64, at least 32 bytes). Unset: a new key each start, so tokens
    /// end with the process. Silos of one cluster that share the development sign-in need the same key.
    /// </summary>
    public string? SigningKey { get; set; }

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(10);
}
