using Attendance.Domain;
using Attendance.Testing;

namespace Attendance.Domain.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class YearEndTests
{
    [Theory]
    [InlineData("N1", "N2")]
    [InlineData("N2", "R")]
    [InlineData("R", "1")]
    [InlineData("r", "1")]
    [InlineData("5", "6")]
    [InlineData("Y9", "Y10")]
    [InlineData("13", "14")]
    [InlineData("14", null)] // past the last year group the service knows
    [InlineData("Transition", null)]
    public void Each_year_group_moves_up_one(string from, string? to) => Assert.Equal(to, YearEnd.Next(from));

    [Fact]
    public void The_oldest_year_group_on_roll_leaves_a_primary_to_its_next_school()
    {
        var pupils = new YearEndPupil[] { new("A", "Ann", "6"), new("B", "Ben", "R"), new("C", "Cal", "5"), new("D", "Dee", "SEN unit") };
        Assert.Equal("6", YearEnd.FinalYearGroup(pupils.Select(p => p.YearGroup)));

        var changes = YearEnd.Plan(pupils, "6");
        Assert.Equal([("B", "R", "1"), ("C", "5", "6")], changes.Promotions.Select(p => (p.Upn, p.From, p.To)));
        Assert.Equal(DeletionGround.RegisteredAtAnotherSchool, Assert.Single(changes.Leavers).Ground);
        Assert.Equal("D", Assert.Single(changes.NotPromoted).Upn);
    }

    [Fact]
    public void Year_11_leaves_at_the_end_of_compulsory_school_age()
    {
        var changes = YearEnd.Plan([new("A", "Ann", "11"), new("B", "Ben", "10")], "11");
        Assert.Equal(DeletionGround.CompulsorySchoolAgeEnded, Assert.Single(changes.Leavers).Ground);
        Assert.Equal("11", Assert.Single(changes.Promotions).To);
    }

    [Theory]
    [InlineData(CrossingKind.Band, true)]
    [InlineData(CrossingKind.Escalation, true)]
    [InlineData(CrossingKind.PersistentAbsence, true)]
    [InlineData(CrossingKind.PenaltyNoticeThreshold, false)] // a decision to make carries on
    [InlineData(CrossingKind.PersistentLateness, false)] // its window spans the summer
    [InlineData(CrossingKind.ReasonNotEstablished, false)]
    public void A_new_year_closes_the_alerts_on_measures_counted_per_year(CrossingKind kind, bool closes) =>
        Assert.Equal(closes, YearEnd.ClosesAtYearEnd(kind));
}
