using Attendance.Domain;
using Attendance.Testing;

namespace Attendance.Domain.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class CodeTotalsTests
{
    private static IEnumerable<string?> Codes(params (string Code, int Sessions)[] runs) => runs.SelectMany(r => Enumerable.Repeat<string?>(r.Code, r.Sessions));

    [Theory]
    [InlineData(29, false)] // 14.5 days
    [InlineData(30, true)] // 15 days: the sickness return is due
    [InlineData(31, true)]
    public void The_sickness_return_is_due_at_15_days_of_illness(int illnessSessions, bool due)
    {
        var totals = CodeTotals.Of(Codes(("I", illnessSessions), ("/", 40)));

        Assert.Equal(due, totals.SicknessReturnDue);
        Assert.Equal(illnessSessions / 2m, totals.IllnessDays);
    }

    [Fact]
    public void Each_code_is_counted_in_its_category_and_sessions_without_a_national_code_are_not_sessions()
    {
        var totals = CodeTotals.Of(Codes(("/", 3), ("\\", 2), ("L", 1), ("U", 1), ("B", 1), ("M", 2), ("G", 1), ("N", 1), ("D", 2), ("#", 1), ("?", 4)).Append(null));

        var tally = totals.Tally;
        Assert.Equal((6, 1, 2, 3, 2), (tally.Present, tally.ApprovedEducationalActivity, tally.AuthorisedAbsence, tally.UnauthorisedAbsence, tally.NotCounted));
        Assert.Equal((1, 1), (tally.Late, tally.ArrivedAfterRegisterClosed));
        Assert.Equal(12, tally.PossibleSessions);
        Assert.Equal((2, 0), (totals["M"], totals["I"]));
    }

    [Theory]
    [InlineData(9, 1, true)] // 90.0% exactly is persistent absence
    [InlineData(91, 9, false)] // 91.0%
    [InlineData(1, 1, true)] // 50.0%: severe too
    public void Persistent_absence_is_judged_on_the_period_with_90_percent_exactly_persistent(int present, int absent, bool persistent)
    {
        var tally = CodeTotals.Of(Codes(("/", present), ("O", absent))).Tally;

        Assert.Equal(persistent, tally.IsPersistentlyAbsent);
        Assert.Equal(present * 2 <= present + absent, tally.IsSeverelyAbsent);
    }
}
