using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>
/// A school's live feed: it gathers changes from the school's classes, coalesces them into at most a few deltas a
/// second with sequence numbers, pushes them to the subscribed observers and keeps recent ones for clients that
/// reconnect.
/// </summary>
public interface ISchoolFeedGrain : IGrainWithStringKey
{
    [OneWay]
    Task ClassChanged(ClassSessionStatus status, Session session, IReadOnlyList<PupilMarkChange> changes);

    /// <summary>Pushes an alert to the subscribed observers straight away.</summary>
    [OneWay]
    Task AlertChanged(AttendanceAlert alert);

    /// <summary>Pushes a follow-up task to the subscribed observers straight away.</summary>
    [OneWay]
    Task TaskChanged(FollowUpTask task);

    /// <summary>Pushes an absence report or leave request to the subscribed observers straight away.</summary>
    [OneWay]
    Task FamilyRequestChanged(FamilyRequestChange change);

    /// <summary>Pushes a watched pupil's new mark to the subscribed observers straight away.</summary>
    [OneWay]
    Task PupilMarked(string upn, RegisterEntry mark);

    /// <summary>Pushes a roll call's change to the subscribed observers straight away.</summary>
    [OneWay]
    Task RollCallChanged(RollCallChange change);

    Task<DashboardSnapshot?> GetSnapshot();

    Task<DashboardCatchUp> GetSince(string epoch, long sequence);

    /// <summary>
    /// Subscriptions expire: observers renew them periodically. Returns the feed's epoch: a different one than last
    /// time means the feed restarted (e.g. its silo failed) and its subscribers' state must be taken afresh.
    /// </summary>
    Task<string> Subscribe(IDashboardObserver observer);

    Task Unsubscribe(IDashboardObserver observer);
}
