using Attendance.Server.Http;

namespace Attendance.Server.Access;

public static class DevelopmentSignInEndpoints
{
    /// <summary>
    /// Request for a development token: the seeded user's id (see GET /api/dev/users), optionally with other schools
    /// or registration groups than the seeded ones (to try a school you created).
    /// </summary>
    public sealed record SignInRequest(string? User, IReadOnlyList<string>? Schools, IReadOnlyList<string>? Groups);

    public sealed record SeededUser(string Id, string Name, string? Position, IEnumerable<string> Roles, IEnumerable<string> Schools, IEnumerable<string> Groups, IEnumerable<string> Provisions);

    /// <summary>The development sign-in's endpoints, only on a developer's machine that asked for them (<see cref="SignInModes"/>).</summary>
    public static RouteGroupBuilder MapDevelopmentSignIn(this RouteGroupBuilder api, SignInSetup setup)
    {
        if (setup.Mode != SignInMode.Development)
        {
            return api;
        }

        ((IEndpointRouteBuilder)api).ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DevelopmentSignIn)).LogWarning(
            "DEVELOPMENT SIGN-IN IS ON: anyone who reaches this server can sign in as any seeded user without a password. Never expose it.");
        var dev = api.MapGroup("/dev").WithTags("Development sign-in").AllowAnonymous();

        dev.MapGet("/users", () => DevelopmentSignIn.Users.Select(u => Seeded(u.Key, u.Value))
                .Concat(DevelopmentSignIn.Parents.Select(p => new SeededUser(p.Key, p.Value.Name, "Parent", [ParentUser.Role], [], [], []))))
            .WithSummary("DEVELOPMENT ONLY: the seeded users, one or more per role");

        dev.MapPost("/sign-in", (SignInRequest? request, DevelopmentSignIn signIn) =>
            request?.User is { } parentId && DevelopmentSignIn.Parents.TryGetValue(parentId, out var parent)
                ? Results.Ok(new { token = signIn.Issue(parent), user = new SeededUser(parentId, parent.Name, "Parent", [ParentUser.Role], [], [], []) })
            : request?.User is { } id && DevelopmentSignIn.Users.TryGetValue(id, out var seeded)
                && (seeded with { Schools = request.Schools?.ToHashSet() ?? seeded.Schools, Groups = request.Groups?.ToHashSet() ?? seeded.Groups }) is var user
                ? Results.Ok(new { token = signIn.Issue(user), user = Seeded(id, user) })
                : Http.Problems.Invalid($"Sign in as one of the seeded users: {string.Join(", ", DevelopmentSignIn.Users.Keys.Concat(DevelopmentSignIn.Parents.Keys))}.", "user"))
            .WithSummary("DEVELOPMENT ONLY: a bearer token for a seeded user, without a password");

        return api;
    }

    private static SeededUser Seeded(string id, StaffUser user) =>
        new(id, user.Name, user.Position, user.Roles.Select(r => r.ClaimValue()), user.Schools, user.Groups, user.Provisions);
}
