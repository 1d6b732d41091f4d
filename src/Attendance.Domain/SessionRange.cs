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

    /// <summary>Calendar days from the first session's day to the last's, both included.</summary>
    public int DaysSpanned => Last.Date.DayNumber - First.Date.DayNumber + 1;

    /// <summary>The open sessions of the range, in order (counting by day number: a range may end on the last day there is).</summary>
    public IEnumerable<Session> OpenSessions(SchoolCalendar calendar)
    {
        for (var day = First.Date.DayNumber; day <= Last.Date.DayNumber; day++)
        {
            var date = DateOnly.FromDayNumber(day);
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
