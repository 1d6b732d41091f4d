using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Grains.Registers;

/// <summary>
/// The checks every mark passes wherever it is taken: by the class (registers, single marks, amendments) or by the
/// pupil alone (gate arrivals), with the same refusals.
/// </summary>
internal static class MarkingChecks
{
    /// <summary>Whether the session's register can take marks now: the school is open then, and it has opened.</summary>
    /// <param name="laterToday">Accept a session of today whose register has not opened yet.</param>
    public static Outcome<Marked>? CanMark(SchoolSettings settings, SessionTimes times, Session session, DateTimeOffset now, bool laterToday = false)
    {
        var localNow = settings.LocalTime(now);
        return SessionRules.CheckCanMark(settings.Calendar, times, session, localNow) switch
        {
            SessionClosedReason.FutureSession when laterToday && session.Date == DateOnly.FromDateTime(localNow) => null,
            SessionClosedReason.SchoolClosed => Marked.Refuse(RejectionReason.SchoolClosed,
                $"{settings.Name} is closed for the {session} session (weekend, holiday or planned closure), so it has no register."),
            SessionClosedReason.FutureSession => Marked.Refuse(RejectionReason.FutureSession,
                $"The {session} register has not opened yet (it opens at {times.For(session.Part).Opens:HH:mm} on {session.Date:d MMMM yyyy}). Marks cannot be recorded in advance."),
            _ => null,
        };
    }

    /// <summary>Refuses a mark for a day the pupil was not on roll (before admission, after deletion): the register has no line for them.</summary>
    public static Outcome<Marked>? OnRoll(string name, string upn, IReadOnlyList<RollPeriod>? roll, DateOnly day) =>
        RollPeriod.OnRoll(roll, day)
            ? null
            : Marked.Refuse(RejectionReason.NotOnRoll,
                $"{name} ({upn}) was not on the school's roll on {day:d MMMM yyyy} ({string.Join("; ", roll!.Select(p => p.To is { } to ? $"on roll {p.From:d MMMM yyyy} to {to:d MMMM yyyy}" : $"on roll from {p.From:d MMMM yyyy}"))}), so the register has no mark for that day.",
                [upn]);

    /// <summary>A register entry numbered by the school week of its session.</summary>
    public static RegisterEntry Entry(SchoolSettings settings, Session session, AttendanceCode code, MarkSource source, Staff staff, DateTimeOffset now) =>
        new(session, code.Code, source, staff, now, settings.Calendar.SchoolWeek(session.Date)!.Value);
}
