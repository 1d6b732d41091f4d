using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>
/// A school year's end as the office sees it before and after: the roll's changes (<see cref="YearEnd"/>), what the
/// new year closes and what it carries over, and what stops it being done yet.
/// </summary>
/// <param name="Year">The year ending, e.g. 2026/27.</param>
/// <param name="LastDay">The year's last school day: leavers' last day on roll.</param>
/// <param name="NextFirstDay">Next year's first school day, from the calendar; null when next year's terms are not entered yet.</param>
/// <param name="AlertsToClose">Open alerts on this year's measures (bands, stages, persistent absence...), resolved as "new year".</param>
/// <param name="OpenCasework">Action plans and part-time timetables still open: they carry on.</param>
/// <param name="OpenPenaltyDecisions">Penalty-notice threshold alerts still to decide: they carry on.</param>
/// <param name="Problems">Why it cannot be done yet (empty when it can).</param>
/// <param name="DoneAt">When it was done, and by whom; null in a preview.</param>
[GenerateSerializer, Immutable]
public sealed record YearEndPlan(
    string Year,
    DateOnly LastDay,
    DateOnly? NextFirstDay,
    string FinalYearGroup,
    YearEndChanges Changes,
    int AlertsToClose,
    int OpenCasework,
    int OpenPenaltyDecisions,
    IReadOnlyList<string> Problems,
    DateTimeOffset? DoneAt = null,
    Staff? DoneBy = null);
