using System.Security.Claims;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Server.Http;

namespace Attendance.Server.Api;

/// <summary>A school's alert inbox: list, acknowledge, assign, decide.</summary>
public static class AlertEndpoints
{
    public static RouteGroupBuilder MapAlerts(this RouteGroupBuilder api)
    {
        var alerts = api.MapGroup("/schools/{schoolId}/alerts").WithTags("Alerts").RequireAccess(Capability.Alerts);

        alerts.MapGet("/", async (string schoolId, bool? all, string? upn, string? kind, int? limit, IGrainFactory grains) =>
            StrictEnumConverter.Query<CrossingKind>(kind, "kind", out var crossing)
                ?? await SchoolEndpoints.IfUnknown(schoolId, grains)
                ?? Results.Ok(await Inbox(schoolId, grains).List(new AlertQuery(all ?? false, upn, crossing, limit ?? 200))))
            .WithSummary("Open alerts, newest first; all=true adds decided and resolved ones and recorded improvements");

        alerts.MapGet("/{alertId}", async (string schoolId, string alertId, IGrainFactory grains) =>
            await Inbox(schoolId, grains).Get(alertId) is { } alert
                ? Results.Ok(alert)
                : Problems.NotFound(RejectionReason.UnknownAlert, $"There is no alert '{alertId}' at school '{schoolId}'."))
            .WithSummary("One alert with its trail: who acknowledged, assigned and decided, and when");

        alerts.MapPost("/{alertId}/acknowledge", (string schoolId, string alertId, ClaimsPrincipal user, IGrainFactory grains) =>
            Act(schoolId, grains, inbox => inbox.Acknowledge(alertId, user.Staff())))
            .WithSummary("A lead has seen the alert");

        alerts.MapPost("/{alertId}/assign", (string schoolId, string alertId, AssignRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
            Act(schoolId, grains, inbox => inbox.Assign(alertId, user.Staff(), request.AssignedTo ?? "")))
            .WithSummary("Give the alert to a member of staff to act on");

        alerts.MapPost("/{alertId}/decision", (string schoolId, string alertId, DecisionRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
            Act(schoolId, grains, inbox => inbox.Decide(alertId, new AlertDecision(user.Staff(), request.Decision ?? "", request.PenaltyNotice))))
            .WithSummary("Record the decision; the penalty-notice threshold needs whether a notice is issued, to which parent, and why");

        return api;
    }

    private static IAlertInboxGrain Inbox(string schoolId, IGrainFactory grains) => grains.GetGrain<IAlertInboxGrain>(schoolId);

    private static async Task<IResult> Act(string schoolId, IGrainFactory grains, Func<IAlertInboxGrain, Task<Outcome<AttendanceAlert>>> action) =>
        await SchoolEndpoints.IfUnknown(schoolId, grains) ?? (await action(Inbox(schoolId, grains))).ToResult();
}
