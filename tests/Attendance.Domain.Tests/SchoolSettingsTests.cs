using Attendance.Domain;
using Attendance.Testing;

namespace Attendance.Domain.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class SchoolSettingsTests
{
    private static readonly SchoolSettings School = new("Oak Primary", Calendars.Autumn2026, SessionTimes.PrimaryDefault);

    [Theory]
    [InlineData("2026-11-10T09:10:00Z", "2026-11-11T00:00:00Z")] // GMT: local midnight is UTC midnight
    [InlineData("2026-11-10T23:59:59Z", "2026-11-11T00:00:00Z")] // the last second of the day is still that day
    [InlineData("2026-11-11T00:00:00Z", "2026-11-12T00:00:00Z")] // midnight itself starts the next day
    [InlineData("2026-06-10T12:00:00Z", "2026-06-10T23:00:00Z")] // BST: local midnight is 23:00 UTC
    [InlineData("2026-06-10T23:30:00Z", "2026-06-11T23:00:00Z")] // already the 11th in London
    [InlineData("2026-10-24T12:00:00Z", "2026-10-24T23:00:00Z")] // the clocks go back at 02:00 that night: midnight is still BST
    public void A_days_duty_ends_at_the_schools_next_midnight(string at, string ends) =>
        Assert.Equal(DateTimeOffset.Parse(ends, System.Globalization.CultureInfo.InvariantCulture),
            School.EndOfDay(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));
}
