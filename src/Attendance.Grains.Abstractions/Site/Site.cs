using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>The office signing a pupil out before the end of the day.</summary>
/// <param name="Details">What the office was told, e.g. "dentist, back after lunch".</param>
/// <param name="CollectedBy">Who took the pupil (name and relationship): asked of every sign-out, for safeguarding.</param>
/// <param name="Code">The code for the sessions missed; by default the reason's (<see cref="SiteRules.DefaultCode"/>).</param>
[GenerateSerializer, Immutable]
public sealed record EarlySignOut(string Upn, SignOutReason Reason, string? Details, string CollectedBy, string? Code, Staff By);

/// <summary>A pupil signed out early, and back if they came back. Kept as the day's sign-out book.</summary>
/// <param name="Day">The school's date of the sign-out (its day in the sign-out book).</param>
/// <param name="Sessions">The sessions the sign-out coded (those not yet registered when the pupil left).</param>
[GenerateSerializer, Immutable]
public sealed record SignOutRecord(
    string Id, string Upn, string Name, string ClassId, DateOnly Day, DateTimeOffset At, SignOutReason Reason, string? Details, string CollectedBy,
    string? Code, IReadOnlyList<Session> Sessions, Staff By, SignedBackIn? Back = null);

/// <summary>A pupil signed back in: when, by whom, and the sessions whose code was amended to the time they came back.</summary>
[GenerateSerializer, Immutable]
public sealed record SignedBackIn(DateTimeOffset At, Staff By, IReadOnlyList<Session> Amended);

/// <summary>One pupil of the school, where they are now.</summary>
/// <param name="Code">Today's latest mark (null: none yet).</param>
/// <param name="ArrivedAt">When they came in, for a gate or reception arrival.</param>
/// <param name="MissedLesson">
/// In school by the register, and missed a lesson today (a truancy alert is open): only that, since the alert's
/// details (which lessons, where last seen) are for those who see alerts.
/// </param>
[GenerateSerializer, Immutable]
public sealed record SitePupil(
    string Upn, string Name, string ClassId, Presence Presence, string? Code, TimeOnly? ArrivedAt, SignOutRecord? SignedOut, bool MissedLesson);

/// <summary>Who is on site now: every pupil on roll today with where they are, by class and name.</summary>
/// <param name="Date">The school's today (null: no school today, nobody is expected).</param>
[GenerateSerializer, Immutable]
public sealed record SiteNow(DateOnly? Date, IReadOnlyList<SitePupil> Pupils);
