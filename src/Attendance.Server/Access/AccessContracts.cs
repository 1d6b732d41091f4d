namespace Attendance.Server.Access;

/// <summary>How the pages sign in.</summary>
/// <param name="Mode">"provider" (the trust's identity provider), "development" (the seeded users) or "bearer" (tokens only).</param>
/// <param name="SignIn">Where the pages send someone to sign in (provider mode only).</param>
public sealed record SignInInfo(string Mode, string? SignIn);

/// <summary>
/// Request for a development token: the seeded user's id (see GET /api/dev/users), optionally with other schools
/// or registration groups than the seeded ones (to try a school you created).
/// </summary>
public sealed record SignInRequest(string? User, IReadOnlyList<string>? Schools, IReadOnlyList<string>? Groups);

/// <summary>A seeded user of the development sign-in: staff in one or more roles, or a parent.</summary>
public sealed record SeededUser(string Id, string Name, string? Position, IEnumerable<string> Roles, IEnumerable<string> Schools, IEnumerable<string> Groups, IEnumerable<string> Provisions);

/// <summary>A development bearer token and the seeded user it signs in.</summary>
public sealed record DevelopmentToken(string Token, SeededUser User);
