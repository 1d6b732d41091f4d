using Attendance.Domain;
using static Attendance.Domain.Tests.Calendars;
using Attendance.Testing;

namespace Attendance.Domain.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class SessionRulesTests
{
    private static readonly SessionTimes Times = SessionTimes.PrimaryDefault; // AM opens 08:40, PM opens 13:00

    [Theory]
    [InlineData("2026-11-10T08:39:59", SessionPart.AM, SessionClosedReason.FutureSession)]
    [InlineData("2026-11-10T08:40:00", SessionPart.AM, SessionClosedReason.None)]
    [InlineData("2026-11-10T12:59:00", SessionPart.PM, SessionClosedReason.FutureSession)]
    [InlineData("2026-11-10T13:00:00", SessionPart.PM, SessionClosedReason.None)]
    [InlineData("2026-11-09T16:00:00", SessionPart.AM, SessionClosedReason.FutureSession)] // tomorrow's session
    [InlineData("2026-11-11T07:00:00", SessionPart.PM, SessionClosedReason.None)] // yesterday's session, marked late
    public void Sessions_open_for_marking_when_their_register_opens(string now, SessionPart part, SessionClosedReason expected)
    {
        var session = new Session(new DateOnly(2026, 11, 10), part);
        Assert.Equal(expected, SessionRules.CheckCanMark(Autumn2026, Times, session, DateTime.Parse(now)));
    }

    [Theory]
    [InlineData("2026-11-02")] // INSET
    [InlineData("2026-10-27")] // half-term
    [InlineData("2026-11-07")] // Saturday
    public void Closed_days_cannot_be_marked(string date)
    {
        var session = new Session(DateOnly.Parse(date), SessionPart.AM);
        Assert.Equal(SessionClosedReason.SchoolClosed,
            SessionRules.CheckCanMark(Autumn2026, Times, session, new DateTime(2026, 12, 1, 12, 0, 0)));
    }

    [Theory]
    [InlineData("2026-11-10T08:45:00", "2026-11-10-AM")] // Tuesday, AM register open
    [InlineData("2026-11-10T13:05:00", "2026-11-10-PM")]
    [InlineData("2026-11-10T12:59:00", "2026-11-10-AM")] // lunchtime: still the morning
    [InlineData("2026-11-10T08:39:00", "2026-11-09-PM")] // before the register opens: yesterday afternoon
    [InlineData("2026-11-15T10:00:00", "2026-11-13-PM")] // Sunday: Friday afternoon
    [InlineData("2026-11-03T07:00:00", "2026-10-23-PM")] // after half-term and the INSET day: the last day before
    [InlineData("2026-12-19T12:00:00", "2026-12-18-AM")] // the last afternoon of term is a planned closure
    public void A_live_view_shows_the_latest_session_whose_register_has_opened(string now, string expected)
    {
        Assert.Equal(expected, SessionRules.LatestSession(Autumn2026, Times, DateTime.Parse(now))?.ToString());
    }

    [Fact]
    public void Before_the_first_term_there_is_no_session_to_show()
    {
        Assert.Null(SessionRules.LatestSession(Autumn2026, Times, new DateTime(2026, 9, 1, 10, 0, 0)));
    }
}
