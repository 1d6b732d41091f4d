using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Microsoft.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Attendance.Server.Tests;

/// <summary>
/// A real OpenID Connect provider for the tests: OpenIddict's server on Kestrel (authorization code flow with PKCE,
/// signed tokens, discovery, end session), with a login page that takes a user name and no password, and a directory
/// of the trust's accounts and their claims. One client, <c>attendance</c>, with a secret.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "attendance";
    public const string ClientSecret = "attendance-secret";

    /// <summary>
    /// The accounts: a teacher of 3B at the school given, a member of staff the provider gives no school, and a parent
    /// whose e-mail address the provider has not confirmed.
    /// </summary>
    public static IReadOnlyDictionary<string, Claim[]> Accounts(string schoolId) => new Dictionary<string, Claim[]>
    {
        ["patel"] = [new("name", "Ms Patel"), new("role", "teacher"), new("school", schoolId), new("group", "3B"), new("position", "Class teacher")],
        ["nobody"] = [new("name", "Mr Nobody"), new("role", "teacher"), new("group", "3B")],
        ["unconfirmed"] = [new("name", "Mrs Unconfirmed"), new("role", "parent"), new("email", "unconfirmed@example.org"), new("email_verified", "false", ClaimValueTypes.Boolean)],
    };

    private readonly WebApplication app;

    private TestIdentityProvider(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <param name="metadataDelay">How long the provider takes to answer for its metadata (a provider far away, or busy).</param>
    public static async Task<TestIdentityProvider> StartAsync(Func<IReadOnlyDictionary<string, Claim[]>> accounts, TimeSpan metadataDelay = default)
    {
        // Port 0: Kestrel binds a free port itself and keeps it (a port picked beforehand could be taken by another
        // test's server before this one binds it). The issuer is then the address each request came to.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(cookie => cookie.Cookie.Name = "provider-session");
        builder.Services.AddOpenIddict().AddServer(server =>
        {
            server.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token").SetEndSessionEndpointUris("connect/endsession");
            server.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow().RequireProofKeyForCodeExchange();
            server.RegisterScopes(Scopes.Email, Scopes.Profile, Scopes.Roles);
            server.AddEphemeralEncryptionKey().AddEphemeralSigningKey().DisableAccessTokenEncryption();

            // No database: OpenIddict's degraded mode, with the one client checked here.
            server.EnableDegradedMode();
            server.UseAspNetCore().EnableAuthorizationEndpointPassthrough().EnableEndSessionEndpointPassthrough().DisableTransportSecurityRequirement();
            server.AddEventHandler<ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                // The server on loopback, reached directly or through a TLS proxy (ProxiedBrowser).
                if (context.ClientId != ClientId
                    || !(context.RedirectUri?.StartsWith("http://127.0.0.1:", StringComparison.Ordinal) == true || context.RedirectUri?.StartsWith("https://127.0.0.1:", StringComparison.Ordinal) == true))
                {
                    context.Reject(Errors.InvalidClient, "Unknown client or redirect address.");
                }

                return default;
            }));
            server.AddEventHandler<ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.ClientSecret != ClientSecret)
                {
                    context.Reject(Errors.InvalidClient, "Wrong client credentials.");
                }

                return default;
            }));
            server.AddEventHandler<ValidateEndSessionRequestContext>(handler => handler.UseInlineHandler(_ => default));
        });

        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/.well-known"))
            {
                await Task.Delay(metadataDelay);
            }

            await next(context);
        });
        app.UseAuthentication();
        app.MapMethods("/connect/authorize", ["GET", "POST"], async (HttpContext context) =>
        {
            var request = context.GetOpenIddictServerRequest()!;
            var session = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            if (!session.Succeeded || !accounts().TryGetValue(session.Principal!.Identity!.Name!, out var claims))
            {
                return Results.Content(LoginPage(context.Request.Path + context.Request.QueryString), "text/html");
            }

            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
            identity.AddClaim(new Claim(Claims.Subject, session.Principal.Identity.Name!));
            identity.AddClaims(claims);
            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
        app.MapPost("/login", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            var user = new ClaimsIdentity([new Claim(ClaimTypes.Name, form["user"].ToString())], CookieAuthenticationDefaults.AuthenticationScheme);
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(user));
            return Results.Redirect(form["returnUrl"].ToString());
        });
        app.MapMethods("/connect/endsession", ["GET", "POST"], async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        });
        await app.StartAsync();
        return new TestIdentityProvider(app, new Uri(app.Urls.Single().TrimEnd('/') + "/"));
    }

    private static string LoginPage(string returnUrl) => $"""
        <!DOCTYPE html><html lang="en-GB"><head><title>Trust sign-in</title></head><body>
        <h1>Trust sign-in</h1>
        <form method="post" action="/login">
          <label for="user">User name</label> <input id="user" name="user">
          <input type="hidden" name="returnUrl" value="{WebUtility.HtmlEncode(returnUrl)}">
          <button type="submit">Sign in</button>
        </form></body></html>
        """;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
