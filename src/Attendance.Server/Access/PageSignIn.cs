using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http.HttpResults;
using Attendance.Server.Http;

namespace Attendance.Server.Access;

/// <summary>
/// The pages' sign-in through the trust's identity provider, the backend-for-frontend way: this server runs the
/// OpenID Connect code flow with PKCE as a confidential client and keeps the session in an HTTP-only cookie, so no
/// token ever reaches the browser's storage or scripts (where a malicious script could read it). API clients keep
/// sending bearer tokens; a request with an <c>Authorization</c> header (or a hub <c>access_token</c>) is a bearer
/// request, any other uses the cookie. Cookie requests that change something must carry <c>X-CSRF: 1</c>, which a
/// cross-site form cannot send; the hub takes connections from this origin's pages only.
/// </summary>
public static class PageSignIn
{
    public const string Scheme = "attendance";
    public const string Cookie = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string Provider = OpenIdConnectDefaults.AuthenticationScheme;
    public const string CookieName = "attendance-session";

    /// <summary>When the session must end however much it is used, kept in the cookie's properties (sliding renewal keeps them).</summary>
    private const string EndsAt = ".attendance-ends-at";

    public static void Add(AuthenticationBuilder authentication, SignInOptions options)
    {
        authentication.AddPolicyScheme(Scheme, "Bearer token or page session", policy => policy.ForwardDefaultSelector = context =>
            IsBearer(context.Request) ? JwtBearerDefaults.AuthenticationScheme : Cookie);

        authentication.AddCookie(Cookie, cookie =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;

            // Behind the trust's TLS proxy the request is HTTPS once its forwarded headers are read (ProxySetup); the
            // cookie is never sent over plain HTTP, where anyone on the school's Wi-Fi could read it.
            cookie.Cookie.SecurePolicy = options.RequireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = options.SessionIdleTimeout;
            cookie.SlidingExpiration = true;

            // The API and hub answer 401 and 403 as problems: the pages then offer the sign-in themselves.
            cookie.Events.OnRedirectToLogin = context => Status(context.Response, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => Status(context.Response, StatusCodes.Status403Forbidden);
            cookie.Events.OnSigningIn = context =>
            {
                context.Properties.Items.TryAdd(EndsAt, (context.Options.TimeProvider ?? TimeProvider.System).GetUtcNow().Add(options.SessionMaxLifetime).ToString("O", CultureInfo.InvariantCulture));
                return Task.CompletedTask;
            };
            cookie.Events.OnValidatePrincipal = async context =>
            {
                if (!context.Properties.Items.TryGetValue(EndsAt, out var endsAt)
                    || !DateTimeOffset.TryParse(endsAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var end)
                    || end <= (context.Options.TimeProvider ?? TimeProvider.System).GetUtcNow())
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(Cookie);
                }
            };
        });

        authentication.AddOpenIdConnect(Provider, oidc =>
        {
            oidc.Authority = options.Authority;
            oidc.ClientId = options.ClientId;
            oidc.ClientSecret = options.ClientSecret;
            oidc.ResponseType = "code";
            oidc.UsePkce = true;
            oidc.RequireHttpsMetadata = options.RequireHttps;
            oidc.SignInScheme = Cookie;
            oidc.SaveTokens = false; // the session needs who the user is, not the provider's tokens
            oidc.MapInboundClaims = false;
            oidc.TokenValidationParameters.NameClaimType = StaffUser.ClaimNames.Name;
            oidc.TokenValidationParameters.RoleClaimType = StaffUser.ClaimNames.Role;
            foreach (var scope in options.Scopes)
            {
                oidc.Scope.Add(scope);
            }

            if (!options.RequireHttps)
            {
                // A provider on plain HTTP (tests): the correlation and nonce cookies cannot be Secure-only.
                oidc.CorrelationCookie.SecurePolicy = oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                oidc.CorrelationCookie.SameSite = oidc.NonceCookie.SameSite = SameSiteMode.Lax;
                oidc.ResponseMode = "query";
            }

            oidc.Events.OnTokenValidated = context =>
            {
                if (Refusal(context.Principal!) is { } reason)
                {
                    context.Fail(new SignInRefusedException(reason));
                }

                return Task.CompletedTask;
            };
            oidc.Events.OnRemoteFailure = context =>
            {
                // Our own refusals are sentences for the user; the handler's own failures (which may name the provider's
                // addresses or keys) stay in the log.
                var reason = context.Failure as SignInRefusedException is { } refused
                    ? refused.Message
                    : "The sign-in did not complete. Try again; if it keeps failing, tell your school's IT team the time it happened.";
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PageSignIn))
                    .LogWarning(context.Failure, "A sign-in through the identity provider did not complete");
                context.Response.Redirect($"/signin-refused.html?reason={Uri.EscapeDataString(reason)}");
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
    }

    /// <summary>Why an account the provider signed in cannot use the service, or null when it can.</summary>
    public static string? Refusal(System.Security.Claims.ClaimsPrincipal principal)
    {
        if (ParentUser.From(principal) is not null)
        {
            return null;
        }

        if (ParentUser.Refusal(principal) is { } unverified)
        {
            return unverified;
        }

        var user = StaffUser.From(principal);
        if (user.Roles.Count == 0)
        {
            return $"The trust's sign-in gave {user.Name} no role in this service (teacher, attendance officer, attendance lead, senior leader, trust leader, provision staff or parent).";
        }

        return user.Schools.Count == 0 && !user.Has(StaffRole.TrustLeader) && user.Provisions.Count == 0
            ? $"The trust's sign-in gave {user.Name} no school: your account needs the school (or schools) you work at as 'school' claims. Ask your trust's IT team to add it."
            : null;
    }

    /// <summary>
    /// Where to go after signing in: a path on this site, else "/". The value arrives decoded, so "/%5Cevil.example" is
    /// "/\evil.example" here, which browsers read as "//evil.example", another site: refused with every backslash, as
    /// are "//", "~/" and control characters (<see cref="RedirectHttpResult.IsLocalUrl"/>).
    /// </summary>
    public static string LocalReturnUrl(string? returnUrl) =>
        returnUrl is ['/', ..] && RedirectHttpResult.IsLocalUrl(returnUrl) && !returnUrl.Contains('\\', StringComparison.Ordinal) ? returnUrl : "/";

    /// <summary>
    /// A cookie request that changes something without the <c>X-CSRF</c> header is refused (403) before it reaches an
    /// endpoint, wherever it is addressed; so is a hub connection opened by another site's page (its <c>Origin</c>),
    /// which a browser would otherwise make with the session cookie.
    /// </summary>
    public static IApplicationBuilder UseCookieForgeryCheck(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (!IsBearer(request) && request.Cookies.ContainsKey(CookieName)
            && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
            && request.Headers["X-CSRF"] != "1")
        {
            await Refuse(context, "missing-csrf-header",
                "A request signed in with the pages' session must carry the header X-CSRF: 1 (the pages send it). Nothing was changed.");
            return;
        }

        if (request.Path.StartsWithSegments(Live.AttendanceHub.Path) && request.Headers.Origin is [{ Length: > 0 } origin] && !IsThisOrigin(request, origin))
        {
            await Refuse(context, "cross-site-request", $"The live feed takes connections from this service's own pages only, not from {origin}.");
            return;
        }

        await next(context);
    });

    private static Task Refuse(HttpContext context, string problem, string detail) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, type: Http.Problems.Type(problem), title: "Not sent by the pages", detail: detail)
            .ExecuteAsync(context);

    /// <summary>
    /// Whether the browser says the request comes from this site's pages or from the user typing the address
    /// (<c>Sec-Fetch-Site</c>); a browser that does not say is believed, as it cannot be told apart from a program.
    /// </summary>
    internal static bool FromThisOrigin(HttpRequest request) =>
        request.Headers["Sec-Fetch-Site"] is not [{ } site] || site is "same-origin" or "none";

    private static bool IsThisOrigin(HttpRequest request, string origin) =>
        string.Equals(origin, $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase);

    private static bool IsBearer(HttpRequest request) =>
        request.Headers.Authorization.Count > 0 || Live.AttendanceHub.AccessToken(request) is not null;

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}

/// <summary>The provider signed someone in whom this service cannot let in: the message says why, for them to read.</summary>
public sealed class SignInRefusedException(string reason) : Exception(reason);
