using Attendance.Domain;
using Attendance.Testing;

namespace Attendance.Domain.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class RegisterWindowTests
{
    // Seed 004: AM register taken at 09:00, open until 09:30; arrival after 09:00 = L, after 09:30 = U.
    private static readonly RegisterWindow Am = new(new TimeOnly(8, 40), new TimeOnly(9, 0), new TimeOnly(9, 30));

    [Theory]
    [InlineData("08:30", "/")] // before the register opens (breakfast club)
    [InlineData("08:59", "/")]
    [InlineData("09:00", "/")] // exactly at the late time: still on time
    [InlineData("09:00:59", "L")] // any part of a minute after the late time is late
    [InlineData("09:01", "L")]
    [InlineData("09:30", "L")] // exactly at close: late, the register is still open
    [InlineData("09:30:01", "U")]
    [InlineData("09:31", "U")]
    [InlineData("11:45", "U")]
    public void Arrival_time_decides_the_mark(string arrival, string expected)
    {
        Assert.Equal(expected, Am.CodeForArrival(TimeOnly.Parse(arrival), SessionPart.AM).Code);
    }

    [Fact]
    public void On_time_in_the_afternoon_is_the_PM_present_code()
    {
        var pm = SessionTimes.PrimaryDefault.Pm;
        Assert.Equal("\\", pm.CodeForArrival(pm.LateAfter, SessionPart.PM).Code);
    }

    [Theory]
    [InlineData("08:00", SessionPart.AM)]
    [InlineData("12:59", SessionPart.AM)]
    [InlineData("13:00", SessionPart.PM)]
    [InlineData("15:00", SessionPart.PM)]
    public void An_arrival_belongs_to_the_AM_session_until_the_PM_register_opens(string time, SessionPart expected)
    {
        Assert.Equal(expected, SessionTimes.PrimaryDefault.SessionAt(TimeOnly.Parse(time)));
    }

    [Fact]
    public void A_window_that_closes_before_its_late_time_is_invalid()
    {
        var window = new RegisterWindow(new TimeOnly(9, 0), new TimeOnly(9, 30), new TimeOnly(9, 10));
        Assert.Single(window.Validate("AM"));
        Assert.Empty(Am.Validate("AM"));
    }

    [Fact]
    public void PM_register_must_open_after_the_AM_register_closes()
    {
        var times = new SessionTimes(Am, new RegisterWindow(new TimeOnly(9, 15), new TimeOnly(9, 20), new TimeOnly(9, 40)));
        Assert.Contains(times.Validate("School"), p => p.Contains("PM register opens", StringComparison.Ordinal));
    }
}
