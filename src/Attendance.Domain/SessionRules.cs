namespace Attendance.Domain;

/// <summary>Why a session cannot take a mark now.</summary>
public enum SessionClosedReason
{
    None,

    /// <summary>A weekend, a holiday or a planned closure (<c>#</c>).</summary>
    SchoolClosed,

    /// <summary>The session has not started: its register has not opened yet.</summary>
    FutureSession,
}

public static class SessionRules
{
    /// <summary>A session can be marked when the school is open that session and its register has opened.</summary>
    public static SessionClosedReason CheckCanMark(SchoolCalendar calendar, SessionTimes times, Session session, DateTime localNow)
    {
        if (!calendar.IsOpen(session))
        {
            return SessionClosedReason.SchoolClosed;
        }

        var today = DateOnly.FromDateTime(localNow);
        var opensToday = session.Date == today && TimeOnly.FromDateTime(localNow) < times.For(session.Part).Opens;
        return session.Date > today || opensToday ? SessionClosedReason.FutureSession : SessionClosedReason.None;
    }
}
