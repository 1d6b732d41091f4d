using Attendance.Domain;
using Attendance.Testing;

namespace Attendance.Domain.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class WeeklyTargetTests
{
    private static readonly WeeklyTarget NineOfTen = new(9, 10);
    private static readonly DateOnly Monday = new(2026, 11, 9);
    private static readonly Staff Office = new("Mr Jones", "Attendance officer");

    [Theory]
    [InlineData(10, 9, true)] // exactly the target
    [InlineData(10, 8, false)]
    [InlineData(8, 7, true)] // a short week: the same allowance of one session
    [InlineData(8, 6, false)]
    public void A_week_meets_the_target_when_no_more_sessions_are_missed_than_it_allows(int possible, int attended, bool met) =>
        Assert.Equal(met, NineOfTen.Week(Monday, possible, attended).Met);

    [Theory]
    [InlineData(10, 10, "never 100%")]
    [InlineData(0, 10, "at least 1 session")]
    [InlineData(9, 11, "at least 1 session")]
    [InlineData(11, 10, "at least 1 session")]
    public void A_target_is_a_number_of_sessions_a_pupil_can_meet(int sessions, int outOf, string problem) =>
        Assert.Contains(problem, new WeeklyTarget(sessions, outOf).Check(), StringComparison.Ordinal);

    [Fact]
    public void Weeks_count_from_the_first_monday_on_or_after_the_meeting_once_the_week_is_over()
    {
        RegisterEntry Mark(DateOnly day, SessionPart part, string code) => new(new Session(day, part), code, MarkSource.Register, Office, DateTimeOffset.UnixEpoch, 0);
        var marks = Enumerable.Range(0, 12).Select(d => Monday.AddDays(-7 + d)) // the meeting's week and the next
            .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            .SelectMany(d => new[] { Mark(d, SessionPart.AM, d == Monday ? "O" : "/"), Mark(d, SessionPart.PM, d == Monday ? "I" : "/") })
            .ToList();
        var meeting = Monday.AddDays(-5); // the Wednesday before

        Assert.Empty(NineOfTen.Weeks(marks, meeting, Monday.AddDays(4), today: Monday.AddDays(4))); // Friday: the week is not over
        var week = Assert.Single(NineOfTen.Weeks(marks, meeting, Monday.AddDays(5), today: Monday.AddDays(5))); // Saturday
        Assert.Equal(new TargetWeek(Monday, 10, 8, false), week);
    }
}
