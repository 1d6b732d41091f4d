using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Server.Http;

namespace Attendance.Server.Api;

/// <summary>The trust's attendance policy and each school's own, if it has one.</summary>
public static class PolicyEndpoints
{

    public static RouteGroupBuilder MapPolicies(this RouteGroupBuilder api)
    {
        var trust = api.MapGroup("/policy").WithTags("Policy");
        trust.MapGet("/", (IGrainFactory grains) => grains.GetGrain<ITrustPolicyGrain>(ITrustPolicyGrain.Key).GetPolicy())
            .WithSummary("The trust's attendance policy, followed by every school without its own");
        trust.MapPut("/", async (AttendancePolicy? policy, IGrainFactory grains) =>
        {
            if (policy is null)
            {
                return Problems.Invalid("Send the policy as JSON.", "policy");
            }

            return (await grains.GetGrain<ITrustPolicyGrain>(ITrustPolicyGrain.Key).SetPolicy(policy)).ToResult(() => Results.Ok(policy));
        }).RequireAccess(Capability.TrustPolicy).WithSummary("Change the trust's policy: bands, target, thresholds, escalation stages, lateness");

        var school = api.MapGroup("/schools/{schoolId}/policy").WithTags("Policy");
        school.MapGet("/", async (string schoolId, IGrainFactory grains) =>
            await grains.GetGrain<ISchoolGrain>(schoolId).GetPolicy() is { } inForce
                ? Results.Ok(inForce)
                : SchoolEndpoints.UnknownSchool(schoolId))
            .RequireAccess(Capability.ViewSchool)
            .WithSummary("The policy in force at a school (its own, or the trust's), with its version and the year's sessions");
        school.MapPut("/", async (string schoolId, AttendancePolicy? policy, IGrainFactory grains) => policy is null
                ? Problems.Invalid("Send the policy as JSON.", "policy")
                : await SetSchoolPolicy(schoolId, policy, grains))
            .RequireAccess(Capability.SchoolPolicy)
            .WithSummary("Give a school its own policy instead of the trust's");
        school.MapDelete("/", (string schoolId, IGrainFactory grains) => SetSchoolPolicy(schoolId, null, grains))
            .RequireAccess(Capability.SchoolPolicy)
            .WithSummary("Make a school follow the trust's policy again");
        return api;
    }

    private static async Task<IResult> SetSchoolPolicy(string schoolId, AttendancePolicy? policy, IGrainFactory grains)
    {
        if (await SchoolEndpoints.IfUnknown(schoolId, grains) is { } unknown)
        {
            return unknown;
        }

        var school = grains.GetGrain<ISchoolGrain>(schoolId);

        return (await school.SetPolicy(policy)).Rejection?.ToProblem() ?? Results.Ok(await school.GetPolicy());
    }
}
