using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Attendance.Server.Access;

public static class AccessSetup
{
    /// <summary>
    /// JWT bearer authentication (the identity provider's tokens, or the development sign-in's), the pages' sign-in
    /// through the provider when a client id is configured (<see cref="PageSignIn"/>), and the access rules: one
    /// authorization policy per capability, and every other endpoint needs a signed-in user.
    /// </summary>
    public static WebApplicationBuilder AddAttendanceAccess(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DevelopmentSignIn>();
        builder.Services.TryAddSingleton<IPupilReads, InMemoryPupilReads>(); // PostgreSQL's when there is a database (AddPostgresJournal)
        builder.Services.TryAddSingleton<Families.IEvidenceStore, Families.InMemoryEvidenceStore>(); // likewise
        var signIn = SignIn(builder);
        var mode = SignInModes.Decide(signIn, builder.Environment).Mode
            ?? throw new InvalidOperationException(SignInModes.Decide(signIn, builder.Environment).Refusal);
        builder.Services.AddSingleton(new SignInSetup(mode));
        builder.AddSessionKeys(UsesPostgres(builder));
        var authentication = builder.Services.AddAuthentication(mode == SignInMode.Provider ? PageSignIn.Scheme : JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        if (mode == SignInMode.Provider)
        {
            PageSignIn.Add(authentication, signIn);
        }

        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<SignInOptions>, DevelopmentSignIn>((jwt, options, development) => Configure(jwt, options.Value, mode, development));

        builder.Services.AddSingleton<IAuthorizationHandler, AccessHandler>();
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddCapabilityPolicies();
        return builder;
    }

    /// <summary>
    /// Why this host must not start as configured, or null: no identity provider outside a developer's machine, or
    /// session keys that would be stored unencrypted.
    /// </summary>
    public static string? StartRefusal(this WebApplicationBuilder builder)
    {
        var (mode, refusal) = SignInModes.Decide(SignIn(builder), builder.Environment);
        return refusal ?? SessionKeys.Refusal(builder, UsesPostgres(builder), mode);
    }

    private static bool UsesPostgres(WebApplicationBuilder builder) =>
        !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(Hosting.OrleansHosting.ConnectionStringName));

    private static SignInOptions SignIn(WebApplicationBuilder builder) =>
        builder.Configuration.GetSection(SignInOptions.Section).Get<SignInOptions>() ?? new SignInOptions();

    private static AuthorizationBuilder AddCapabilityPolicies(this AuthorizationBuilder authorization)
    {
        foreach (var capability in Enum.GetValues<Capability>())
        {
            authorization.AddPolicy(capability.ToString(), policy => policy.RequireAuthenticatedUser().AddRequirements(new AccessRequirement(capability)));
        }

        return authorization;
    }

    private static void Configure(JwtBearerOptions jwt, SignInOptions options, SignInMode mode, DevelopmentSignIn development)
    {
        // Claims keep the names the token gives them (role, school, group...), as StaffUser reads them.
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters.NameClaimType = StaffUser.ClaimNames.Name;
        jwt.TokenValidationParameters.RoleClaimType = StaffUser.ClaimNames.Role;
        if (mode == SignInMode.Development)
        {
            jwt.TokenValidationParameters.ValidIssuer = DevelopmentSignIn.Issuer;
            jwt.TokenValidationParameters.ValidAudience = DevelopmentSignIn.Audience;
            jwt.TokenValidationParameters.IssuerSigningKey = development.Key;
        }
        else
        {
            jwt.Authority = options.Authority;
            jwt.Audience = options.Audience;
            jwt.RequireHttpsMetadata = options.RequireHttps;
        }

        // Browsers cannot set headers on WebSocket requests: SignalR sends the token in the query string instead.
        jwt.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                if (Live.AttendanceHub.AccessToken(context.Request) is { } token)
                {
                    context.Token = token;
                }

                return Task.CompletedTask;
            },
        };
    }
}
