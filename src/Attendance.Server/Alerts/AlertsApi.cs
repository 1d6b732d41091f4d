using System.Security.Claims;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.Server.Alerts;

public sealed record AssignRequest(string? AssignedTo);

/// <summary>A decision on an alert; <see cref="PenaltyNotice"/> is required for the penalty-notice threshold.</summary>
public sealed record DecisionRequest(string? Decision, PenaltyNoticeDecision? PenaltyNotice);

/// <summary>A school's alert inbox: list, acknowledge, assign, decide.</summary>
public static class AlertsApi
{
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var alerts = app.MapGroup("/api/schools/{schoolId}/alerts").WithTags("Alerts").RequireAccess(Capability.Alerts).ForKnownSchool();

        alerts.MapGet("/", ListAlerts)
            .ForKnownSchool()
            .WithSummary("Open alerts, newest first (a head of year's: their year's forms only); all=true adds decided and resolved ones and recorded improvements");

        // No known-school filter: an alert of a school that does not exist is an unknown alert.
        alerts.MapGet("/{alertId}", GetAlert)
            .WithSummary("One alert with its trail: who acknowledged, assigned and decided, and when");

        alerts.MapPost("/{alertId}/acknowledge", Acknowledge)
            .ForKnownSchool()
            .WithSummary("A lead has seen the alert");

        alerts.MapPost("/{alertId}/assign", Assign)
            .ForKnownSchool()
            .WithSummary("Give the alert to a member of staff to act on");

        alerts.MapPost("/{alertId}/decision", Decide)
            .ForKnownSchool()
            .WithSummary("Record the decision; the penalty-notice threshold needs whether a notice is pursued, and why. Pursuing one (the headteacher only) names the parent, answers the framework's considerations and opens the penalty-notice case");

        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<AttendanceAlert>>, ProblemHttpResult>> ListAlerts(
        string schoolId, bool? all, string? upn, string? kind, int? limit, ClaimsPrincipal user, IGrainFactory grains)
    {
        // A kind that is not one of the names is answered 400 (Problems.Invalid): the only answer Query gives.
        if (StrictEnumConverter.Query<CrossingKind>(kind, "kind", out var crossing) is { } invalid)
        {
            return invalid;
        }

        var classes = AccessRules.ClassesSeen(StaffUser.From(user), Capability.Alerts, schoolId);
        return TypedResults.Ok(await Inbox(grains, schoolId).List(new AlertQuery(all ?? false, upn, crossing, limit ?? 200, classes)));
    }

    public static async Task<Results<Ok<AttendanceAlert>, ProblemHttpResult>> GetAlert(string schoolId, string alertId, IGrainFactory grains) =>
        await Inbox(grains, schoolId).Get(alertId) is { } alert
            ? TypedResults.Ok(alert)
            : Problems.NotFound(RejectionReason.UnknownAlert, $"There is no alert '{alertId}' at school '{schoolId}'.");

    public static Task<Results<Ok<AttendanceAlert>, ProblemHttpResult>> Acknowledge(string schoolId, string alertId, ClaimsPrincipal user, IGrainFactory grains) =>
        Inbox(grains, schoolId).Acknowledge(alertId, user.Staff()).ToResult();

    public static Task<Results<Ok<AttendanceAlert>, ProblemHttpResult>> Assign(
        string schoolId, string alertId, AssignRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        Inbox(grains, schoolId).Assign(alertId, user.Staff(), request.AssignedTo ?? "").ToResult();

    /// <summary>A notice pursued goes to the school's penalty notices, which open its case and then record the decision.</summary>
    public static async Task<Results<Ok<AttendanceAlert>, ProblemHttpResult>> Decide(
        string schoolId, string alertId, DecisionRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var decision = new AlertDecision(user.Staff(), request.Decision ?? "", request.PenaltyNotice);
        if (request.PenaltyNotice is not { Issue: true })
        {
            return await Inbox(grains, schoolId).Decide(alertId, decision).ToResult();
        }

        return AccessRules.Allows(StaffUser.From(user), Capability.RequestPenaltyNotice, schoolId)
            ? await grains.GetGrain<IPenaltyNoticesGrain>(schoolId).Pursue(alertId, decision).ToResult()
            : new Rejection(RejectionReason.Forbidden, "Only the headteacher may pursue a penalty notice (2024 national framework): record the considerations and ask them to decide.", ["penaltyNotice.issue"]).ToProblem();
    }

    private static IAlertInboxGrain Inbox(IGrainFactory grains, string schoolId) => grains.GetGrain<IAlertInboxGrain>(schoolId);
}
