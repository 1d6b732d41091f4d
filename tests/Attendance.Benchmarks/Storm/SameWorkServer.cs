using System.Security.Claims;
using Attendance.Domain;
using Attendance.Server.Access;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace Attendance.Benchmarks.Storm;

/// <summary>
/// References (b) and (c): reference (a)'s plain ASP.NET Core + Npgsql process doing the work this service does per
/// mark. The bearer token is validated as the service validates it (the development sign-in's issuer, audience and
/// key, given in <see cref="SigningKeyVariable"/>) and the user's claims are checked with the service's access rules;
/// the pupil must be on the school's roll (in the class, for a register) and an arrival's code comes from the school's
/// register windows (<see cref="SchoolRoll"/>); each mark updates its pupil's tally, the policy is evaluated on it and
/// a crossing raises an alert, all in the mark's transaction (<see cref="SameWorkRegister"/>); dashboards are told
/// through LISTEN/NOTIFY and SignalR (<see cref="SameWorkDashboard"/>); lesson registers raise truancy alerts the same
/// way (<see cref="SameWorkLessons"/>). With <see cref="BatchingFlag"/> (c), one
/// writer commits many requests' marks together; that is the only difference.
/// </summary>
internal static class SameWorkServer
{
    public const string Command = "--serve-same-work";
    public const string BatchingFlag = "--batching";
    public const string SigningKeyVariable = "SAME_WORK_SIGNING_KEY";

    public sealed record Arrival(string Upn, DateTimeOffset ArrivedAt);

    public sealed record Register(IReadOnlyList<PlainServer.Mark> Marks);

    public sealed record RollPupil(string Upn, string ClassId);

    public sealed record SchoolSetUp(string TimeZone, SessionTimes SessionTimes, IReadOnlyList<RollPupil> Pupils);

    public static async Task RunAsync(string url, string connectionString, bool batching)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var signingKey = Environment.GetEnvironmentVariable(SigningKeyVariable) ?? throw new InvalidOperationException($"Set {SigningKeyVariable} to the tokens' signing key (base64).");
        var db = NpgsqlDataSource.Create(connectionString);
        await using (var tables = db.CreateCommand(SameWorkRolls.Tables + PupilTally.Table + ";" + SameWorkRegister.AlertTable + ";" + SameWorkLessons.Table))
        {
            await tables.ExecuteNonQueryAsync();
        }

        builder.Services.AddSingleton(db);
        builder.Services.AddSingleton<SameWorkRolls>();
        builder.Services.AddSingleton(new SameWorkRegister(db, batching));
        builder.Services.AddHostedService(services => services.GetRequiredService<SameWorkRegister>());
        builder.Services.AddHostedService<SameWorkDashboard>();
        builder.Services.AddHostedService<SameWorkLessonAlerts>();
        builder.Services.AddSignalR();
        builder.Services.AddAuthorization();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            // As the service's AccessSetup: claims keep the token's names (role, school...), as StaffUser reads them.
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = DevelopmentSignIn.Issuer,
                ValidAudience = DevelopmentSignIn.Audience,
                IssuerSigningKey = new SymmetricSecurityKey(Convert.FromBase64String(signingKey)),
                NameClaimType = StaffUser.ClaimNames.Name,
                RoleClaimType = StaffUser.ClaimNames.Role,
            };
        });

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/health", () => "ok");
        var school = app.MapGroup("/schools/{schoolId}").RequireAuthorization();
        school.MapPost("", SetUp);
        school.MapPost("/arrivals", RecordArrival);
        school.MapPost("/classes/{classId}/registers/{session}", SubmitRegister);
        SameWorkLessons.Map(school);
        app.MapHub<SameWorkHub>(SameWorkHub.Path);
        await app.RunAsync();
    }

    /// <summary>A school's settings and roll, before its first morning.</summary>
    private static async Task<IResult> SetUp(string schoolId, SchoolSetUp school, ClaimsPrincipal user, SameWorkRolls rolls)
    {
        if (!May(user, Capability.ManageSchool, schoolId))
        {
            return Results.Forbid();
        }

        await rolls.SetUp(schoolId, school);
        return Results.Ok();
    }

    private static async Task<IResult> RecordArrival(string schoolId, Arrival arrival, ClaimsPrincipal user, SameWorkRolls rolls, SameWorkRegister register)
    {
        if (!May(user, Capability.RecordArrival, schoolId))
        {
            return Results.Forbid();
        }

        if ((await rolls.Of(schoolId))?.Arrival(schoolId, arrival.Upn, arrival.ArrivedAt) is not { } line)
        {
            return Results.NotFound($"Pupil {arrival.Upn} is not on the roll of {schoolId}.");
        }

        await register.Record([line]);
        return Results.Ok();
    }

    /// <summary>A class's register: every mark for a pupil of the class and a national code, or none of them.</summary>
    private static async Task<IResult> SubmitRegister(
        string schoolId, string classId, string session, Register submitted, ClaimsPrincipal user, SameWorkRolls rolls, SameWorkRegister register)
    {
        if (!May(user, Capability.TakeRegister, schoolId, classId))
        {
            return Results.Forbid();
        }

        if (!Session.TryParse(session, out var parsed))
        {
            return Results.BadRequest($"'{session}' is not a session (e.g. 2026-11-23-AM).");
        }

        if (await rolls.Of(schoolId) is not { } roll)
        {
            return Results.NotFound($"There is no school '{schoolId}'.");
        }

        var lines = new List<MarkLine>(submitted.Marks.Count);
        foreach (var mark in submitted.Marks)
        {
            if (roll.ClassOf.GetValueOrDefault(mark.Upn) != classId || !NationalCodes.TryGet(mark.Code, out var code))
            {
                return Results.UnprocessableEntity($"Pupil {mark.Upn} is not in class {classId}, or '{mark.Code}' is not a national code.");
            }

            lines.Add(new MarkLine(schoolId, mark.Upn, parsed, NationalCodes.ForSession(code, parsed.Part), "Register", null));
        }

        await register.Record(lines);
        return Results.Ok();
    }

    private static bool May(ClaimsPrincipal user, Capability capability, string schoolId, string? classId = null) =>
        AccessRules.Allows(StaffUser.From(user), capability, schoolId, classId);
}
