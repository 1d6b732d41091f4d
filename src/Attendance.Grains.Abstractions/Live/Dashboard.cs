using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>A pupil on one of the dashboard's lists: the first-day call list (<c>N</c>) or late after close (<c>U</c>).</summary>
[GenerateSerializer, Immutable]
public sealed record PupilFollowUp(string Upn, string Name, string ClassId, string Code, TimeOnly? ArrivedAt);

/// <summary>Gate arrivals in one minute of the school's local time.</summary>
[GenerateSerializer, Immutable]
public sealed record ArrivalMinute(TimeOnly Minute, int Arrivals);

/// <summary>
/// Everything the school dashboard shows for one session. <see cref="Epoch"/> and <see cref="Sequence"/> place it
/// in the school's feed: deltas with the same epoch and a higher sequence apply on top of it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DashboardSnapshot(
    string SchoolId,
    string SchoolName,
    string Epoch,
    long Sequence,
    Session? Session,
    bool SessionIsToday,
    decimal TargetPercent,
    SessionCounts Totals,
    IReadOnlyList<ClassSessionStatus> Classes,
    IReadOnlyList<ArrivalMinute> Arrivals,
    IReadOnlyList<PupilFollowUp> CallList,
    IReadOnlyList<PupilFollowUp> LateAfterClose);

/// <summary>
/// What changed since the previous delta of the same epoch: new totals, the classes that changed, the minutes whose
/// arrival counts changed, and additions to and removals from the two pupil lists.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DashboardDelta(
    string SchoolId,
    string Epoch,
    long Sequence,
    SessionCounts Totals,
    IReadOnlyList<ClassSessionStatus> Classes,
    IReadOnlyList<ArrivalMinute> Arrivals,
    IReadOnlyList<PupilFollowUp> CallListAdded,
    IReadOnlyList<string> CallListRemoved,
    IReadOnlyList<PupilFollowUp> LateAfterCloseAdded,
    IReadOnlyList<string> LateAfterCloseRemoved);

/// <summary>The deltas after a sequence number, or null when the client must take a fresh snapshot.</summary>
[GenerateSerializer, Immutable]
public sealed record DashboardCatchUp(IReadOnlyList<DashboardDelta>? Deltas);

/// <summary>A change to one pupil's mark in a class, sent by the class grain to the school's feed.</summary>
[GenerateSerializer, Immutable]
public sealed record PupilMarkChange(string Upn, string Name, string ClassId, RegisterEntry Entry);

/// <summary>Receives a school's deltas: one per silo relays them to that silo's SignalR clients.</summary>
public interface IDashboardObserver : IGrainObserver
{
    [OneWay]
    Task OnDelta(DashboardDelta delta);

    /// <summary>A new or changed alert, pushed at once (alerts are not coalesced).</summary>
    [OneWay]
    Task OnAlert(AttendanceAlert alert);

    /// <summary>A new or changed follow-up task, pushed at once.</summary>
    [OneWay]
    Task OnTask(FollowUpTask task);

    /// <summary>A new or decided absence report or leave request, pushed at once.</summary>
    [OneWay]
    Task OnFamilyRequest(FamilyRequestChange change);

    /// <summary>A pupil a parent is watching has a new mark (see <see cref="IPupilGrain.WatchedByFamily"/>).</summary>
    [OneWay]
    Task OnPupilMark(string schoolId, string upn, RegisterEntry mark);

    /// <summary>An emergency roll call began or ended, or a pupil on it was accounted for.</summary>
    [OneWay]
    Task OnRollCall(RollCallChange change);
}
