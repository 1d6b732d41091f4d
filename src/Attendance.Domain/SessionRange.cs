namespace Attendance.Domain;

/// <summary>
/// The sessions from <see cref="First"/> to <see cref="Last"/>, both included: what a parent's absence report or a
/// leave request covers (e.g. Monday PM to Wednesday AM). Only the school's open sessions in it count.
/// </summary>
public sealed record SessionRange(Session First, Session Last)
{
    /// <summary>Every session of the days from <paramref name="first"/> to <paramref name="last"/>, morning of the first to afternoon of the last.</summary>
    public static SessionRange Days(DateOnly first, DateOnly last) => new(new Session(first, SessionPart.AM), new Session(last, SessionPart.PM));

    public bool Covers(Session session) => session >= First && session <= Last;

    /// <summary>The open sessions of the range, in order.</summary>
    public IEnumerable<Session> OpenSessions(SchoolCalendar calendar)
    {
        for (var date = First.Date; date <= Last.Date; date = date.AddDays(1))
        {
            foreach (var part in new[] { SessionPart.AM, SessionPart.PM })
            {
                var session = new Session(date, part);
                if (Covers(session) && calendar.IsOpen(session))
                {
                    yield return session;
                }
            }
        }
    }

    public override string ToString() => First == Last ? First.ToString() : $"{First} to {Last}";
}
