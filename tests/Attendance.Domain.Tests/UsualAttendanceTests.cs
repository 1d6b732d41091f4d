using static Attendance.Domain.Tests.Calendars;
using Attendance.Testing;

namespace Attendance.Domain.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class UsualAttendanceTests
{
    private static SessionCounts Counts(int present, int absent) => new(present + absent, present, 0, 0, 0, absent, 0, 0, 0, 0);

    [Theory]
    [InlineData(95, 5, true)] // exactly 5 points below a usual 100%
    [InlineData(96, 4, false)]
    [InlineData(951, 49, false)] // 95.1%: 4.9 points below
    public void Well_below_is_at_least_the_policy_drop_under_the_usual(int present, int absent, bool expected)
    {
        var usual = new[] { Counts(100, 0), Counts(100, 0) };
        Assert.Equal(expected, UsualAttendance.IsWellBelow(AttendancePolicy.Default, Counts(present, absent), usual));
    }

    [Fact]
    public void Nothing_is_well_below_without_history_or_without_marks()
    {
        Assert.False(UsualAttendance.IsWellBelow(AttendancePolicy.Default, Counts(0, 100), []));
        Assert.False(UsualAttendance.IsWellBelow(AttendancePolicy.Default, SessionCounts.Empty, [Counts(100, 0)]));
    }

    [Fact]
    public void Earlier_sessions_are_the_same_weekday_and_part_skipping_holidays()
    {
        // Tuesday 10 November: back to 3 November, then over half-term (27 October) to 20 and 13 October.
        var earlier = UsualAttendance.EarlierSessions(Autumn2026, Am(11, 10), 3);

        Assert.Equal([Am(11, 3), Am(10, 20), Am(10, 13)], earlier);
    }
}
