using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Attendance.Server.Http;

namespace Attendance.Server.Access;

/// <summary>
/// Signing in: how the pages sign in (always), the trust's sign-in and sign-out for the pages (provider mode,
/// <see cref="PageSignIn"/>), and the development sign-in's seeded users and tokens (development mode only).
/// </summary>
public static class AccessApi
{
    public static IEndpointRouteBuilder MapAccessApi(this IEndpointRouteBuilder app, SignInSetup setup)
    {
        app.MapGet("/api/sign-in", GetSignIn)
            .AllowAnonymous().WithTags("Sign-in")
            .WithSummary("How the pages sign in: through the trust's identity provider (/signin), the development sign-in, or bearer tokens only");

        if (setup.Mode == SignInMode.Provider)
        {
            app.MapGet("/signin", SignIn).AllowAnonymous().ExcludeFromDescription();

            // A link, not a form: the pages' Content-Security-Policy keeps forms to this origin, and signing out continues at
            // the provider (its end-session endpoint), then comes back to "/". Only this origin's pages may sign someone
            // out: a link or image on another site would otherwise end staff's sessions at will.
            app.MapGet("/signout", SignOut).AllowAnonymous().ExcludeFromDescription();
        }

        if (setup.Mode == SignInMode.Development)
        {
            app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DevelopmentSignIn)).LogWarning(
                "DEVELOPMENT SIGN-IN IS ON: anyone who reaches this server can sign in as any seeded user without a password. Never expose it.");
            var dev = app.MapGroup("/api/dev").WithTags("Development sign-in").AllowAnonymous();
            dev.MapGet("/users", GetSeededUsers).WithSummary("DEVELOPMENT ONLY: the seeded users, one or more per role");
            dev.MapPost("/sign-in", SignInAsSeededUser).WithSummary("DEVELOPMENT ONLY: a bearer token for a seeded user, without a password");
        }

        return app;
    }

    public static Ok<SignInInfo> GetSignIn(SignInSetup setup) => TypedResults.Ok(new SignInInfo(
        setup.Mode switch { SignInMode.Provider => "provider", SignInMode.Development => "development", _ => "bearer" },
        setup.Mode == SignInMode.Provider ? "/signin" : null));

    /// <summary>To the trust's identity provider, then back to <paramref name="returnUrl"/> if it is a page of this site.</summary>
    public static ChallengeHttpResult SignIn(string? returnUrl) =>
        TypedResults.Challenge(new AuthenticationProperties { RedirectUri = PageSignIn.LocalReturnUrl(returnUrl) }, [PageSignIn.Provider]);

    public static Results<SignOutHttpResult, ProblemHttpResult> SignOut(HttpRequest request) => PageSignIn.FromThisOrigin(request)
        ? TypedResults.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [PageSignIn.Cookie, PageSignIn.Provider])
        : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, type: Problems.Type("cross-site-request"), title: "Not sent by the pages",
            detail: "Signing out is only done from this service's own pages. Nothing was changed.");

    public static Ok<IReadOnlyList<SeededUser>> GetSeededUsers() => TypedResults.Ok<IReadOnlyList<SeededUser>>(
        [.. DevelopmentSignIn.Users.Select(u => Seeded(u.Key, u.Value)), .. DevelopmentSignIn.Parents.Select(p => Seeded(p.Key, p.Value))]);

    public static Results<Ok<DevelopmentToken>, ProblemHttpResult> SignInAsSeededUser(SignInRequest? request, DevelopmentSignIn signIn)
    {
        if (request?.User is { } parentId && DevelopmentSignIn.Parents.TryGetValue(parentId, out var parent))
        {
            return TypedResults.Ok(new DevelopmentToken(signIn.Issue(parent), Seeded(parentId, parent)));
        }

        if (request?.User is { } id && DevelopmentSignIn.Users.TryGetValue(id, out var seeded))
        {
            var user = seeded with { Schools = request.Schools?.ToHashSet() ?? seeded.Schools, Groups = request.Groups?.ToHashSet() ?? seeded.Groups };
            return TypedResults.Ok(new DevelopmentToken(signIn.Issue(user), Seeded(id, user)));
        }

        return Problems.Invalid($"Sign in as one of the seeded users: {string.Join(", ", DevelopmentSignIn.Users.Keys.Concat(DevelopmentSignIn.Parents.Keys))}.", "user");
    }

    private static SeededUser Seeded(string id, StaffUser user) =>
        new(id, user.Name, user.Position, user.Roles.Select(r => r.ClaimValue()), user.Schools, user.Groups, user.Provisions);

    private static SeededUser Seeded(string id, ParentUser parent) => new(id, parent.Name, "Parent", [ParentUser.Role], [], [], []);
}
