using System.Security.Claims;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Server.Http;

namespace Attendance.Server.Api;

/// <summary>Follow-up tasks of a school (first-day calls, social worker, home visits, local authority, missing education) or of a provision (call parent).</summary>
public static class FollowUpEndpoints
{
    public static RouteGroupBuilder MapFollowUp(this RouteGroupBuilder api)
    {
        Map(api.MapGroup("/schools/{ownerId}/tasks").RequireAccess(Capability.FollowUp), SchoolEndpoints.IfUnknown, PupilProjection.AtSchool, Capability.Amend);
        Map(api.MapGroup("/provisions/{ownerId}/tasks").RequireAccess(Capability.Provision), ProvisionEndpoints.IfUnknown, PupilProjection.AtProvision, Capability.Provision);
        return api;
    }

    /// <param name="unknown">The problem to return when the school or provision does not exist, or null.</param>
    /// <param name="projection">What the user may see of the pupils of the school or provision.</param>
    /// <param name="recordsReason">
    /// What a call that gives a reason needs besides taking calls: it changes the register (the school's amendment, or
    /// the provision's record of the absence), so at a school only those who may amend marks record one.
    /// </param>
    private static void Map(RouteGroupBuilder tasks, Func<string, IGrainFactory, Task<IResult?>> unknown, Func<StaffUser, string, PupilProjection> projection, Capability recordsReason)
    {
        tasks.WithTags("Follow-up");

        tasks.MapGet("/", async (string ownerId, bool? all, string? upn, string? kind, int? limit, ClaimsPrincipal user, IGrainFactory grains) =>
            StrictEnumConverter.Query<FollowUpKind>(kind, "kind", out var taskKind)
                ?? await unknown(ownerId, grains)
                ?? Results.Ok(projection(StaffUser.From(user), ownerId).Apply(await FollowUp(ownerId, grains).List(new TaskQuery(all ?? false, upn, taskKind, limit ?? 200)))))
            .WithSummary("Open tasks, earliest due first; all=true adds closed ones with who closed them, when and how");

        tasks.MapGet("/{taskId}", async (string ownerId, string taskId, ClaimsPrincipal user, IGrainFactory grains) =>
            await unknown(ownerId, grains)
            ?? (await FollowUp(ownerId, grains).Get(taskId) is { } task
                ? Results.Ok(projection(StaffUser.From(user), ownerId).Apply(task))
                : Problems.NotFound(RejectionReason.UnknownTask, $"There is no follow-up task '{taskId}' at '{ownerId}'.")))
            .WithSummary("One task with its calls and how it was closed");

        tasks.MapPost("/{taskId}/calls", async (string ownerId, string taskId, CallRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
            request.Outcome is not { } outcome
                ? Problems.Invalid("A call needs its outcome: ReasonGiven (with the code), NoAnswer or MessageLeft.", "outcome")
            : outcome == CallOutcome.ReasonGiven && !AccessRules.Allows(StaffUser.From(user), recordsReason, ownerId)
                ? new Rejection(RejectionReason.Forbidden,
                    "A reason given amends the register, which only the office and attendance leads do. Record the call as MessageLeft with the reason in the note, and pass it to the office. Nothing was changed.").ToProblem()
                : await Act(ownerId, grains, unknown, projection(StaffUser.From(user), ownerId), f => f.RecordCall(taskId, new CallRecord(user.Staff(), outcome, request.Code, request.Note))))
            .WithSummary("Record a call: a reason given amends the mark (e.g. N to I) with the call as its reason; no answer moves to the next contact");

        tasks.MapPost("/{taskId}/done", (string ownerId, string taskId, TaskDoneRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
            Act(ownerId, grains, unknown, projection(StaffUser.From(user), ownerId), f => f.Complete(taskId, new TaskDone(user.Staff(), request.Outcome ?? "", request.ContactMade ?? false))))
            .WithSummary("Close a task with what was done (for a home visit, whether anyone was seen)");
    }

    private static IFollowUpGrain FollowUp(string ownerId, IGrainFactory grains) => grains.GetGrain<IFollowUpGrain>(ownerId);

    private static async Task<IResult> Act(
        string ownerId, IGrainFactory grains, Func<string, IGrainFactory, Task<IResult?>> unknown, PupilProjection projection, Func<IFollowUpGrain, Task<Outcome<FollowUpTask>>> action) =>
        await unknown(ownerId, grains) ?? (await action(FollowUp(ownerId, grains))).ToResult(task => TypedResults.Ok(projection.Apply(task)));
}
