using System.Security.Claims;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.Server.Schools;

/// <summary>
/// The trust's schools: the national codes, the schools a user works at, a school's settings, classes and live
/// status, and the attendance policy (the trust's, and a school's own if it has one).
/// </summary>
public static class SchoolsApi
{
    public static IEndpointRouteBuilder MapSchoolsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");

        api.MapGet("/codes", GetCodes)
            .AllowAnonymous()
            .WithSummary("The national attendance codes (2024 set) with their statistical categories");

        api.MapGet("/schools", GetSchools)
            .WithTags("Schools")
            .WithSummary("The schools of this deployment (the trust) the signed-in user works at; all of them for trust leaders");

        var schools = app.MapGroup("/api/schools/{schoolId}").WithTags("Schools");

        // Not for a known school only: this creates it.
        schools.MapPut("/", PutSchool)
            .RequireAccess(Capability.ManageSchool)
            .WithSummary("Create a school or change its settings (calendar, register times, time zone)");

        schools.MapGet("/", GetSchool)
            .RequireAccess(Capability.SchoolInfo)
            .ForKnownSchool()
            .WithSummary("A school's settings");

        schools.MapGet("/classes", GetClasses)
            .RequireAccess(Capability.SchoolInfo)
            .ForKnownSchool()
            .WithSummary("The school's classes (registration groups)");

        schools.MapGet("/status", GetStatus)
            .RequireAccess(Capability.ViewSchool)
            .ForKnownSchool()
            .WithSummary("Live register status of every class for the current session");

        var trustPolicy = app.MapGroup("/api/policy").WithTags("Policy");

        trustPolicy.MapGet("/", GetTrustPolicy)
            .WithSummary("The trust's attendance policy, followed by every school without its own");

        trustPolicy.MapPut("/", SetTrustPolicy)
            .RequireAccess(Capability.TrustPolicy)
            .WithSummary("Change the trust's policy: bands, target, thresholds, escalation stages, lateness");

        var schoolPolicy = app.MapGroup("/api/schools/{schoolId}/policy").WithTags("Policy");

        schoolPolicy.MapGet("/", GetSchoolPolicy)
            .RequireAccess(Capability.ViewSchool)
            .ForKnownSchool()
            .WithSummary("The policy in force at a school (its own, or the trust's), with its version and the year's sessions");

        schoolPolicy.MapPut("/", SetSchoolPolicy)
            .RequireAccess(Capability.SchoolPolicy)
            .ForKnownSchool()
            .WithSummary("Give a school its own policy instead of the trust's");

        schoolPolicy.MapDelete("/", FollowTrustPolicy)
            .RequireAccess(Capability.SchoolPolicy)
            .ForKnownSchool()
            .WithSummary("Make a school follow the trust's policy again");

        return app;
    }

    public static Ok<IReadOnlyList<AttendanceCode>> GetCodes() => TypedResults.Ok(NationalCodes.All);

    public static async Task<Ok<IEnumerable<SchoolListing>>> GetSchools(ClaimsPrincipal user, IGrainFactory grains)
    {
        var staff = StaffUser.From(user);
        var schools = await grains.GetGrain<ISchoolDirectoryGrain>(ISchoolDirectoryGrain.Key).GetSchools();
        return TypedResults.Ok(schools.Where(s => AccessRules.Allows(staff, Capability.SchoolInfo, s.SchoolId)));
    }

    /// <summary>200 with the settings when the school existed, 201 when this created it.</summary>
    public static async Task<Results<Ok<SchoolSettings>, Created<SchoolSettings>, ProblemHttpResult>> PutSchool(
        string schoolId, SchoolSettings? settings, IGrainFactory grains)
    {
        if (Refusals.Incomplete(settings) is { } incomplete)
        {
            return incomplete;
        }

        var complete = settings!;
        var school = grains.GetGrain<ISchoolGrain>(schoolId);
        var existed = await school.GetSettings() is not null;
        if ((await school.Configure(complete)).Rejection is { } refused)
        {
            return refused.ToProblem();
        }

        return existed ? TypedResults.Ok(complete) : TypedResults.Created($"/api/schools/{schoolId}", complete);
    }

    // The route's schoolId stays a parameter so that the OpenAPI document describes it.
    public static Ok<SchoolSettings> GetSchool(string schoolId, KnownSchool school) => TypedResults.Ok(school.Settings);

    public static async Task<Ok<IReadOnlyList<RegistrationGroup>>> GetClasses(string schoolId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ISchoolGrain>(schoolId).GetClasses());

    /// <summary>No known-school filter: the status is null only for a school that does not exist (one grain call, not two).</summary>
    public static async Task<Results<Ok<SchoolStatus>, ProblemHttpResult>> GetStatus(string schoolId, IGrainFactory grains) =>
        await grains.GetGrain<ISchoolGrain>(schoolId).GetLiveStatus() is { } status
            ? TypedResults.Ok(status)
            : KnownSchools.UnknownSchool(schoolId);

    public static async Task<Ok<AttendancePolicy>> GetTrustPolicy(IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ITrustPolicyGrain>(ITrustPolicyGrain.Key).GetPolicy());

    public static async Task<Results<Ok<AttendancePolicy>, ProblemHttpResult>> SetTrustPolicy(AttendancePolicy? policy, IGrainFactory grains)
    {
        if (policy is null)
        {
            return Problems.Invalid("Send the policy as JSON.", "policy");
        }

        return (await grains.GetGrain<ITrustPolicyGrain>(ITrustPolicyGrain.Key).SetPolicy(policy)).Rejection is { } refused
            ? refused.ToProblem()
            : TypedResults.Ok(policy);
    }

    /// <summary>No known-school filter: the policy in force is null only for a school that does not exist.</summary>
    public static async Task<Results<Ok<PolicyInForce>, ProblemHttpResult>> GetSchoolPolicy(string schoolId, IGrainFactory grains) =>
        await grains.GetGrain<ISchoolGrain>(schoolId).GetPolicy() is { } inForce
            ? TypedResults.Ok(inForce)
            : KnownSchools.UnknownSchool(schoolId);

    public static async Task<Results<Ok<PolicyInForce>, ProblemHttpResult>> SetSchoolPolicy(string schoolId, AttendancePolicy? policy, IGrainFactory grains) =>
        policy is null
            ? Problems.Invalid("Send the policy as JSON.", "policy")
            : await ChangeSchoolPolicy(schoolId, policy, grains);

    public static Task<Results<Ok<PolicyInForce>, ProblemHttpResult>> FollowTrustPolicy(string schoolId, IGrainFactory grains) =>
        ChangeSchoolPolicy(schoolId, null, grains);

    /// <summary>Sets the school's own policy (null: the trust's again) and answers the policy now in force.</summary>
    private static async Task<Results<Ok<PolicyInForce>, ProblemHttpResult>> ChangeSchoolPolicy(string schoolId, AttendancePolicy? policy, IGrainFactory grains)
    {
        var school = grains.GetGrain<ISchoolGrain>(schoolId);
        if ((await school.SetPolicy(policy)).Rejection is { } refused)
        {
            return refused.ToProblem();
        }

        // The school is known (the route's filter), so a policy is in force.
        return TypedResults.Ok((await school.GetPolicy())!);
    }
}
