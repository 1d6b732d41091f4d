using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Server.Screens;

/// <summary>The signed-in user and where their morning starts (<see cref="Start"/>, a page of this site).</summary>
/// <param name="Pages">The pages of their menu (<see cref="Screens.Pages"/>).</param>
/// <param name="May">The capabilities they have: what the pages show or hide.</param>
/// <param name="Session">Signed in with the page session (the trust's sign-in) rather than a bearer token.</param>
public sealed record Me(
    string Name,
    string? Position,
    IReadOnlyList<string> Roles,
    IReadOnlyList<SchoolListing> Schools,
    IReadOnlyList<string> Groups,
    IReadOnlyList<string> Provisions,
    string? Start,
    IReadOnlyList<PageLink> Pages,
    IReadOnlyList<string> May,
    bool Session);

/// <summary>One register of today for "My registers": its window and how far it has got.</summary>
/// <param name="Open">False on a closed session (weekend, holiday, planned closure): no register is taken.</param>
public sealed record TodaysRegister(Session Session, bool Open, RegisterWindow Window, RegisterState? State);

public sealed record TodaysClass(string ClassId, string ClassName, IReadOnlyList<TodaysRegister> Registers);

/// <param name="Now">The school's local time, so a page on a device with a wrong clock still says the right thing.</param>
/// <param name="UtcOffset">The school's offset from UTC now (e.g. +01:00 in summer), for times typed at the desk.</param>
/// <param name="LastSchoolDay">The latest day before <paramref name="Date"/> with a register, for a weekend or holiday.</param>
public sealed record TodaysRegisters(
    string SchoolId, string SchoolName, DateOnly Date, DateTime Now, string UtcOffset, DateOnly? LastSchoolDay, IReadOnlyList<TodaysClass> Classes);

/// <summary>
/// Everything the register screen needs for its first paint, in one answer: the register, the codes this user may
/// record, and the session's window.
/// </summary>
public sealed record RegisterSheet(string SchoolName, ClassRegister Register, IReadOnlyList<AttendanceCode> Codes, RegisterWindow Window, DateTime Now);

/// <summary>A school day of the year calendar: open (with each session's current code), or why not.</summary>
/// <param name="Closed">Null on an open day; otherwise "weekend", "holiday" or "closure".</param>
public sealed record CalendarDay(DateOnly Date, string? Closed, string? Am, string? Pm);

/// <summary>The pupil's band in the policy, in words and colour, and the measures the policy watches.</summary>
/// <param name="MeasuredFrom">
/// Bands and persistent absence count from this many possible sessions (the policy's setting): before that the page
/// says "not yet" rather than a band from a handful of sessions.
/// </param>
public sealed record PupilStandingView(
    AttendanceBand Band, bool PersistentAbsence, bool SevereAbsence, bool PenaltyNoticeThreshold, bool PersistentLateness, string? Stage, int MeasuredFrom);

/// <summary>
/// One pupil's academic year for the pupil page: details (contacts only for roles that call home), figures and
/// standing, the calendar of sessions, every entry of the year (with amendments), and alerts, tasks, letters home and
/// casework for roles that see them.
/// </summary>
/// <param name="Year">The academic year shown, e.g. 2026/27.</param>
/// <param name="Years">The years that can be shown (the calendar's and those with marks, up to this one), newest first.</param>
public sealed record PupilYear(
    PupilDetails Pupil,
    string ClassName,
    string Year,
    IReadOnlyList<string> Years,
    TallySnapshot Attendance,
    PupilStandingView? Standing,
    IReadOnlyList<CalendarDay> Calendar,
    IReadOnlyList<RegisterEntry> Entries,
    IReadOnlyList<AttendanceAlert>? Alerts,
    IReadOnlyList<FollowUpTask>? Tasks,
    IReadOnlyList<SentLetter>? Letters,
    PupilCasework? Casework,
    IReadOnlyList<TransferredYear> PreviousSchools);
