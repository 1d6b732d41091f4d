using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Attendance.Grains.Hosting;

namespace Attendance.Server.Live;

/// <summary>
/// The dashboards' connection (<c>/hubs/attendance</c>). A client subscribes to a school, optionally one class: it
/// gets a snapshot, then "delta" messages in sequence. After a gap or a reconnect it calls
/// <see cref="Resume"/> with the last sequence it applied; a null answer means "take a fresh snapshot", and so does a
/// "resync" message (the school's feed restarted on another silo).
/// </summary>
/// <remarks>
/// Every subscription is checked against the caller's role and scope (<see cref="AccessRules"/>) before joining a group:
/// a client only ever joins the groups of schools, classes and provisions it may see, so it gets no other events.
/// </remarks>
[Authorize]
public sealed class AttendanceHub(IGrainFactory grains, DashboardRelay relay, AttendanceMetrics metrics, Orleans.Runtime.ILocalSiloDetails silo) : Hub
{
    public const string Path = "/hubs/attendance";

    /// <summary>
    /// The bearer token a browser's hub connection carries in the query string (browsers cannot set headers on
    /// WebSocket requests), or null.
    /// </summary>
    public static string? AccessToken(HttpRequest request) =>
        request.Path.StartsWithSegments(Path) && request.Query["access_token"] is [{ Length: > 0 } token] ? token : null;

    public override Task OnConnectedAsync()
    {
        metrics.DashboardConnected(+1, silo.SiloAddress.ToParsableString());
        return base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        metrics.DashboardConnected(-1, silo.SiloAddress.ToParsableString());
        await relay.Forget(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }

    public async Task<DashboardSnapshot> Subscribe(string schoolId, string? classId = null)
    {
        await Join(schoolId, classId);
        var snapshot = await grains.GetGrain<ISchoolFeedGrain>(schoolId).GetSnapshot()
            ?? throw new HubException($"There is no school '{schoolId}', or it has no session yet.");
        return classId is null ? snapshot : DashboardFilter.ForClass(snapshot, classId);
    }

    public async Task<DashboardCatchUp> Resume(string schoolId, string epoch, long afterSequence, string? classId = null)
    {
        await Join(schoolId, classId);
        var catchUp = await grains.GetGrain<ISchoolFeedGrain>(schoolId).GetSince(epoch, afterSequence);
        return classId is null || catchUp.Deltas is null
            ? catchUp
            : new DashboardCatchUp([.. catchUp.Deltas.Select(d => DashboardFilter.ForClass(d, classId))]);
    }

    /// <summary>
    /// For a school's attendance leads (and a head of year, for their forms): joins the school's alerts, then returns
    /// the open ones. Each new or changed alert follows as an "alert" message carrying the whole alert, so applying
    /// one twice is harmless.
    /// </summary>
    public async Task<IReadOnlyList<AttendanceAlert>> SubscribeAlerts(string schoolId)
    {
        Demand(Capability.Alerts, schoolId);
        await relay.Watch(schoolId, classId: null, Context.ConnectionId);

        // A head of year joins their forms' alerts, everyone else the school's.
        var classes = AccessRules.ClassesSeen(StaffUser.From(Context.User!), Capability.Alerts, schoolId);
        foreach (var group in classes?.Select(c => DashboardRelay.AlertsGroup(schoolId, c)) ?? [DashboardRelay.AlertsGroup(schoolId)])
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, group);
        }

        return await grains.GetGrain<IAlertInboxGrain>(schoolId).List(new AlertQuery(Classes: classes));
    }

    /// <summary>
    /// For the staff who make the calls and visits at a school or a provision: joins its follow-up, then returns the
    /// open tasks. Each new or changed task follows as a "task" message carrying the whole task.
    /// </summary>
    public async Task<IReadOnlyList<FollowUpTask>> SubscribeTasks(string ownerId)
    {
        if (!May(Capability.FollowUp, ownerId) && !May(Capability.Provision, ownerId))
        {
            throw Forbidden($"the follow-up of '{ownerId}'");
        }

        await relay.Watch(ownerId, classId: null, Context.ConnectionId);
        await Groups.AddToGroupAsync(Context.ConnectionId, DashboardRelay.TasksGroup(ownerId));
        var user = StaffUser.From(Context.User!);
        var projection = May(Capability.FollowUp, ownerId) ? PupilProjection.AtSchool(user, ownerId) : PupilProjection.AtProvision(user, ownerId);
        return projection.Apply(await grains.GetGrain<IFollowUpGrain>(ownerId).List(new TaskQuery()));
    }

    /// <summary>
    /// For the office and leads: joins the school's parents' requests, then returns them. Each new or decided absence
    /// report or leave request follows as a "family" message carrying the whole request.
    /// </summary>
    public async Task<FamilyRequests> SubscribeFamily(string schoolId)
    {
        Demand(Capability.FollowUp, schoolId);
        await relay.Watch(schoolId, classId: null, Context.ConnectionId);
        await Groups.AddToGroupAsync(Context.ConnectionId, DashboardRelay.FamilyGroup(schoolId));
        return await grains.GetGrain<IFamilyRequestsGrain>(schoolId).List();
    }

    /// <summary>
    /// For a parent: joins the feeds of their children, then returns them. Each new mark of a child follows as a
    /// "mark" message (school, UPN, session, code). Call again every few minutes while the page is open.
    /// </summary>
    public async Task<IReadOnlyList<ChildLink>> SubscribeChildren()
    {
        var parent = ParentUser.From(Context.User!) ?? throw new HubException("Forbidden: only a parent signed in with their e-mail address has children to follow.");
        var children = await grains.GetParent(parent.Email).ChildrenOf(parent.Subject!)
            ?? throw new HubException("Forbidden: another sign-in account already uses this e-mail address for your children.");
        foreach (var child in children)
        {
            await relay.Watch(child.SchoolId, classId: null, Context.ConnectionId);
            await Groups.AddToGroupAsync(Context.ConnectionId, DashboardRelay.ChildGroup(child.SchoolId, child.Upn));
            await grains.GetPupil(child.SchoolId, child.Upn).WatchedByFamily();
        }

        return children;
    }

    /// <summary>
    /// For every member of staff of a school during an emergency roll call: joins its roll call, then returns the one
    /// under way (null: none), with the pupils the caller sees (a teacher's or head of year's: their groups'). Each
    /// pupil accounted for follows as a "rollCallLine" message, a roll call begun or ended as "rollCall".
    /// </summary>
    public async Task<RollCall?> SubscribeRollCall(string schoolId)
    {
        Demand(Capability.RollCall, schoolId);
        await relay.Watch(schoolId, classId: null, Context.ConnectionId);
        var user = StaffUser.From(Context.User!);
        var classes = AccessRules.ClassesSeen(user, Capability.RollCall, schoolId);
        foreach (var group in (classes?.Select(c => DashboardRelay.RollCallPupilsGroup(schoolId, c)) ?? [DashboardRelay.RollCallPupilsGroup(schoolId)])
            .Append(DashboardRelay.RollCallGroup(schoolId)))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, group);
        }

        var current = await grains.GetGrain<ISiteGrain>(schoolId).CurrentRollCall() is { } id ? await grains.GetRollCall(schoolId, id).Get() : null;
        return current is null ? null : PupilProjection.AtSchool(user, schoolId).Apply(current.For(classes));
    }

    /// <summary>For trust leaders: the alerts the policy sends to the trust, from every school.</summary>
    public async Task<IReadOnlyList<AttendanceAlert>> SubscribeTrustAlerts()
    {
        Demand(Capability.TrustAlerts, targetId: null);
        var schools = await grains.GetGrain<ISchoolDirectoryGrain>(ISchoolDirectoryGrain.Key).GetSchools();
        await Task.WhenAll(schools.Select(s => relay.Watch(s.SchoolId, classId: null, Context.ConnectionId)));
        await Groups.AddToGroupAsync(Context.ConnectionId, DashboardRelay.TrustAlertsGroup);
        var open = await Task.WhenAll(schools.Select(s => grains.GetGrain<IAlertInboxGrain>(s.SchoolId).List(new AlertQuery())));
        return [.. open.SelectMany(alerts => alerts).Where(a => a.ForTrust).OrderByDescending(a => a.RaisedAt)];
    }

    public Task Unsubscribe(string schoolId, string? classId = null) =>
        Groups.RemoveFromGroupAsync(Context.ConnectionId, DashboardRelay.Group(schoolId, classId));

    private async Task Join(string schoolId, string? classId)
    {
        Demand(classId is null ? Capability.ViewSchool : Capability.ViewClass, schoolId, classId);
        // Join the group before reading the feed: a delta sent in between arrives twice, never not at all.
        await relay.Watch(schoolId, classId, Context.ConnectionId);
        await Groups.AddToGroupAsync(Context.ConnectionId, DashboardRelay.Group(schoolId, classId));
    }

    private void Demand(Capability capability, string? targetId, string? classId = null)
    {
        if (!May(capability, targetId, classId))
        {
            throw Forbidden(targetId is null ? "the trust's feed" : classId is null ? $"'{targetId}'" : $"class '{classId}' at '{targetId}'");
        }
    }

    private bool May(Capability capability, string? targetId, string? classId = null) =>
        AccessRules.Allows(StaffUser.From(Context.User!), capability, targetId, classId);

    private static HubException Forbidden(string what) => new($"Forbidden: your role does not give you {what}.");
}
