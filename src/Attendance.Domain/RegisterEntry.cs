namespace Attendance.Domain;

/// <summary>Where a mark came from.</summary>
public enum MarkSource
{
    /// <summary>A teacher taking the class register.</summary>
    Register,

    /// <summary>A gate or reception arrival turned into a mark by the register windows.</summary>
    Gate,

    /// <summary>The attendance office, e.g. an absence reported by a parent.</summary>
    Office,

    /// <summary>An enhanced provision marking a guest pupil.</summary>
    Provision,

    /// <summary>Historic data brought in from a previous system.</summary>
    Import,

    /// <summary>
    /// The office signing a pupil out early (the sessions of the day they miss) or back in (those sessions amended to
    /// the time they came back). Like a provision's, these may be sessions of today whose register has not opened.
    /// </summary>
    SignOut,
}

/// <summary>The person who made an entry, by name and position (the 2024 regulations ask for both on amendments).</summary>
public sealed record Staff(string Name, string Position)
{
    public static Staff GateReader { get; } = new("Gate", "Arrivals reader");
}

/// <summary>
/// One line of a pupil's register: a mark for a session, or an amendment of it. Entries are never changed or removed;
/// an amendment is a new entry with a reason, so the original stays on record.
/// </summary>
/// <param name="SchoolWeek">The school week of the session (see <see cref="SchoolCalendar.SchoolWeek"/>), kept for the rolling counters.</param>
/// <param name="ArrivedAt">For gate arrivals: the local time the pupil arrived.</param>
/// <param name="AmendmentReason">Set on amendments only.</param>
/// <param name="Note">What the office was told with a mark that changes nothing else (e.g. why a pupil was late).</param>
public sealed record RegisterEntry(
    Session Session,
    string Code,
    MarkSource Source,
    Staff RecordedBy,
    DateTimeOffset RecordedAt,
    int SchoolWeek,
    TimeOnly? ArrivedAt = null,
    string? AmendmentReason = null,
    string? Note = null)
{
    public bool IsAmendment => AmendmentReason is not null;

    public AttendanceCategory Category => NationalCodes.Get(Code).Category;
}
