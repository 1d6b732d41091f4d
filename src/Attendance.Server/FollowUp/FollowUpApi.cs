using System.Security.Claims;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.Server.FollowUp;

/// <summary>
/// Follow-up tasks of a school (first-day calls, social worker, home visits, local authority, missing education) or of
/// a provision (call parent): the same routes under <c>/api/schools/{ownerId}/tasks</c> and
/// <c>/api/provisions/{ownerId}/tasks</c>, each for its kind of owner (<see cref="ITaskOwner"/>).
/// </summary>
public static class FollowUpApi
{
    public static IEndpointRouteBuilder MapFollowUpApi(this IEndpointRouteBuilder app)
    {
        MapTasks<SchoolTasks>(app.MapGroup("/api/schools/{ownerId}/tasks").RequireAccess(Capability.FollowUp));
        MapTasks<ProvisionTasks>(app.MapGroup("/api/provisions/{ownerId}/tasks").RequireAccess(Capability.Provision));
        return app;
    }

    private static void MapTasks<TOwner>(RouteGroupBuilder tasks)
        where TOwner : ITaskOwner
    {
        tasks.WithTags("Follow-up").AddEndpointFilter(KnownOwner<TOwner>);

        tasks.MapGet("/", ListTasks<TOwner>)
            .WithSummary("Open tasks, earliest due first; all=true adds closed ones with who closed them, when and how");

        tasks.MapGet("/{taskId}", GetTask<TOwner>)
            .WithSummary("One task with its calls and how it was closed");

        tasks.MapPost("/{taskId}/calls", RecordCall<TOwner>)
            .WithSummary("Record a call: a reason given amends the mark (e.g. N to I) with the call as its reason; no answer moves to the next contact");

        tasks.MapPost("/{taskId}/done", CompleteTask<TOwner>)
            .WithSummary("Close a task with what was done (for a home visit, whether anyone was seen)");
    }

    public static async Task<Results<Ok<IReadOnlyList<FollowUpTask>>, ProblemHttpResult>> ListTasks<TOwner>(
        string ownerId, bool? all, string? upn, string? kind, int? limit, ClaimsPrincipal user, IGrainFactory grains)
        where TOwner : ITaskOwner
    {
        if (StrictEnumConverter.Query<FollowUpKind>(kind, "kind", out var taskKind) is { } invalid)
        {
            return invalid;
        }

        var list = await TasksOf(grains, ownerId).List(new TaskQuery(all ?? false, upn, taskKind, limit ?? 200));
        return TypedResults.Ok(TOwner.Projection(StaffUser.From(user), ownerId).Apply(list));
    }

    public static async Task<Results<Ok<FollowUpTask>, ProblemHttpResult>> GetTask<TOwner>(string ownerId, string taskId, ClaimsPrincipal user, IGrainFactory grains)
        where TOwner : ITaskOwner
    {
        if (await TasksOf(grains, ownerId).Get(taskId) is not { } task)
        {
            return Problems.NotFound(RejectionReason.UnknownTask, $"There is no follow-up task '{taskId}' at '{ownerId}'.");
        }

        return TypedResults.Ok(TOwner.Projection(StaffUser.From(user), ownerId).Apply(task));
    }

    /// <summary>
    /// A call that gives a reason needs more than taking calls: it changes the register (the school's amendment, or the
    /// provision's record of the absence), so at a school only those who may amend marks record one.
    /// </summary>
    public static async Task<Results<Ok<FollowUpTask>, ProblemHttpResult>> RecordCall<TOwner>(
        string ownerId, string taskId, CallRequest request, ClaimsPrincipal user, IGrainFactory grains)
        where TOwner : ITaskOwner
    {
        if (request.Outcome is not { } outcome)
        {
            return Problems.Invalid("A call needs its outcome: ReasonGiven (with the code), NoAnswer or MessageLeft.", "outcome");
        }

        var staff = StaffUser.From(user);
        if (outcome == CallOutcome.ReasonGiven && !AccessRules.Allows(staff, TOwner.RecordsReason, ownerId))
        {
            return new Rejection(RejectionReason.Forbidden,
                "A reason given amends the register, which only the office and attendance leads do. Record the call as MessageLeft with the reason in the note, and pass it to the office. Nothing was changed.").ToProblem();
        }

        var projection = TOwner.Projection(staff, ownerId);
        return (await TasksOf(grains, ownerId).RecordCall(taskId, new CallRecord(user.Staff(), outcome, request.Code, request.Note)))
            .ToResult(task => TypedResults.Ok(projection.Apply(task)));
    }

    public static async Task<Results<Ok<FollowUpTask>, ProblemHttpResult>> CompleteTask<TOwner>(
        string ownerId, string taskId, TaskDoneRequest request, ClaimsPrincipal user, IGrainFactory grains)
        where TOwner : ITaskOwner
    {
        var projection = TOwner.Projection(StaffUser.From(user), ownerId);
        return (await TasksOf(grains, ownerId).Complete(taskId, new TaskDone(user.Staff(), request.Outcome ?? "", request.ContactMade ?? false)))
            .ToResult(task => TypedResults.Ok(projection.Apply(task)));
    }

    private static IFollowUpGrain TasksOf(IGrainFactory grains, string ownerId) => grains.GetGrain<IFollowUpGrain>(ownerId);

    /// <summary>
    /// A school or provision that does not exist is answered 404 (<c>unknown-school</c>, <c>unknown-provision</c>)
    /// before the handler runs; access was checked first.
    /// </summary>
    private static async ValueTask<object?> KnownOwner<TOwner>(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        where TOwner : ITaskOwner
    {
        var http = context.HttpContext;
        var ownerId = (string)http.GetRouteValue("ownerId")!;
        if (!await TOwner.Exists(http.RequestServices.GetRequiredService<IGrainFactory>(), ownerId))
        {
            return TOwner.Unknown(ownerId);
        }

        return await next(context);
    }
}

/// <summary>Who holds a list of follow-up tasks: a school or a provision.</summary>
public interface ITaskOwner
{
    /// <summary>The capability needed to record a call that gives a reason (it changes the register).</summary>
    static abstract Capability RecordsReason { get; }

    /// <summary>What <paramref name="user"/> may see of the owner's pupils.</summary>
    static abstract PupilProjection Projection(StaffUser user, string ownerId);

    static abstract Task<bool> Exists(IGrainFactory grains, string ownerId);

    static abstract ProblemHttpResult Unknown(string ownerId);
}

/// <summary>A school's tasks: a reason given amends the mark, so it needs <see cref="Capability.Amend"/>.</summary>
public sealed class SchoolTasks : ITaskOwner
{
    public static Capability RecordsReason => Capability.Amend;

    public static PupilProjection Projection(StaffUser user, string ownerId) => PupilProjection.AtSchool(user, ownerId);

    public static async Task<bool> Exists(IGrainFactory grains, string ownerId) => await grains.GetGrain<ISchoolGrain>(ownerId).GetSettings() is not null;

    public static ProblemHttpResult Unknown(string ownerId) => KnownSchools.UnknownSchool(ownerId);
}

/// <summary>A provision's tasks: its staff record the reason as the provision's record of the absence.</summary>
public sealed class ProvisionTasks : ITaskOwner
{
    public static Capability RecordsReason => Capability.Provision;

    public static PupilProjection Projection(StaffUser user, string ownerId) => PupilProjection.AtProvision(user, ownerId);

    public static async Task<bool> Exists(IGrainFactory grains, string ownerId) => await grains.GetGrain<IProvisionGrain>(ownerId).GetSettings() is not null;

    public static ProblemHttpResult Unknown(string ownerId) => Refusals.UnknownProvision(ownerId);
}
