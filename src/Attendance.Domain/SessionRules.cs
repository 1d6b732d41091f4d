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

    /// <summary>How far back to look for an open session (longer than any school holiday).</summary>
    private const int LookBackDays = 120;

    /// <summary>
    /// The session a live view shows: the latest open session whose register has opened by <paramref name="localNow"/>.
    /// During the school day that is the current session; on a weekend or holiday, the last session before it.
    /// </summary>
    public static Session? LatestSession(SchoolCalendar calendar, SessionTimes times, DateTime localNow)
    {
        var today = DateOnly.FromDateTime(localNow);
        var time = TimeOnly.FromDateTime(localNow);
        for (var day = today; day >= today.AddDays(-LookBackDays); day = day.AddDays(-1))
        {
            foreach (var part in new[] { SessionPart.PM, SessionPart.AM })
            {
                var session = new Session(day, part);
                var opened = day < today || time >= times.For(part).Opens;
                if (opened && calendar.IsOpen(session))
                {
                    return session;
                }
            }
        }

        return null;
    }
}
