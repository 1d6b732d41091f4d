using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>
/// A school's alert inbox: every alert and improvement, durable, delivered live to the school's attendance leads
/// and listed for them to acknowledge, assign and decide.
/// </summary>
public interface IAlertInboxGrain : IGrainWithStringKey
{
    /// <summary>Records crossings; ones already recorded (same id) change nothing. Returns once durable.</summary>
    Task Receive(IReadOnlyList<CrossingNotice> notices);

    /// <summary>Records a school-level alert; a second one with the same id changes nothing.</summary>
    Task Raise(AttendanceAlert alert);

    /// <summary>
    /// Adds to an open alert the service raised (e.g. another lesson missed): a line on its trail, and its summary
    /// replaced. A closed or unknown alert is left as it is.
    /// </summary>
    Task Extend(string alertId, string summary, string what);

    /// <summary>Resolves an open alert the service raised (e.g. a truant seen in a later lesson); a closed or unknown one is left as it is.</summary>
    Task Resolve(string alertId, string resolution, Staff by);

    [ReadOnly]
    Task<IReadOnlyList<AttendanceAlert>> List(AlertQuery query);

    /// <summary>The pupils with an open truancy alert (<see cref="CrossingKind.PostRegistrationTruancy"/>): whom a lesson register must tell when it sees them.</summary>
    [ReadOnly]
    Task<IReadOnlySet<string>> OpenTruancy();

    [ReadOnly]
    Task<AttendanceAlert?> Get(string alertId);

    Task<Outcome<AttendanceAlert>> Acknowledge(string alertId, Staff by);

    Task<Outcome<AttendanceAlert>> Assign(string alertId, Staff by, string assignee);

    /// <summary>Records the decision. Pursuing a penalty notice comes through <see cref="IPenaltyNoticesGrain.Pursue"/>, which opens its case first.</summary>
    Task<Outcome<AttendanceAlert>> Decide(string alertId, AlertDecision decision);

    /// <summary>Why the decision would be refused (unknown or closed alert, missing decision or rationale), or null.</summary>
    [ReadOnly]
    Task<Rejection?> CheckDecision(string alertId, AlertDecision decision);

    /// <summary>Open alerts on measures counted per school year (<see cref="YearEnd.ClosesAtYearEnd"/>).</summary>
    [ReadOnly]
    Task<int> CountYearAlerts();

    /// <summary>
    /// Resolves the open alerts on measures counted per school year raised before <paramref name="endedAt"/> (the year
    /// end), as a new year, keeping their trail; answers how many. The new year's own alerts stay open whenever it runs.
    /// </summary>
    Task<int> CloseYearAlerts(string year, DateTimeOffset endedAt, Staff by);
}
