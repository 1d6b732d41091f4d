using Attendance.Domain;
using Attendance.Testing;

namespace Attendance.Domain.Tests;

/// <summary>Regulation 9(1)'s conditions the register can check, and the evidence it records for the rest.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class DeletionRulesTests
{
    private static readonly DateOnly Friday = new(2026, 11, 6);

    [Theory]
    [InlineData(19, false)]
    [InlineData(20, true)] // the 20th school day in a row
    public void Ground_i_needs_twenty_school_days_of_absence_without_permission(int days, bool allowed)
    {
        var refused = DeletionRules.Refuse(DeletionGround.ContinuouslyAbsent20Days, Friday, "5", days, "School and LA enquiries: no trace at the address, no new school found");
        Assert.Equal(allowed, refused is null);
        if (!allowed)
        {
            Assert.Contains("at least 20 school days", refused);
            Assert.Contains("the register shows 19", refused);
        }
    }

    [Fact]
    public void Ground_i_records_the_enquiries_made()
    {
        Assert.Contains("the enquiries the school and the local authority made",
            DeletionRules.Refuse(DeletionGround.ContinuouslyAbsent20Days, Friday, "5", 25, " "));
    }

    [Theory]
    [InlineData("11", "2027-06-25", true)] // the last Friday in June 2027
    [InlineData("11", "2027-06-24", false)] // the day before: still of compulsory school age
    [InlineData("11", "2027-07-21", true)]
    [InlineData("10", "2027-07-21", false)]
    [InlineData("6", "2027-07-21", false)] // a primary pupil's end of year is not the end of compulsory school age
    [InlineData("11", "2027-08-31", true)] // August, after the end: the same summer
    [InlineData("12", "2027-03-01", true)] // past compulsory school age already
    [InlineData("12", "2027-06-25", true)]
    public void Ground_l_is_for_year_11_once_compulsory_school_age_has_ended(string yearGroup, string lastDay, bool allowed) =>
        Assert.Equal(allowed, DeletionRules.Refuse(DeletionGround.CompulsorySchoolAgeEnded, DateOnly.Parse(lastDay), yearGroup, 0, null) is null);

    [Theory]
    [InlineData(DeletionGround.RegisteredAtAnotherSchool, true)]
    [InlineData(DeletionGround.Died, true)]
    [InlineData(DeletionGround.EducatedOtherwiseThanAtSchool, false)]
    [InlineData(DeletionGround.NoLongerLivesNearby, false)]
    [InlineData(DeletionGround.PermanentlyExcluded, false)]
    public void Grounds_the_register_cannot_check_need_their_evidence_in_the_note(DeletionGround ground, bool withoutNote) =>
        Assert.Equal(withoutNote, DeletionRules.Refuse(ground, Friday, "5", 0, null) is null);

    [Fact]
    public void Compulsory_school_age_ends_on_the_last_Friday_in_June()
    {
        Assert.Equal(new DateOnly(2027, 6, 25), DeletionRules.EndOfCompulsorySchoolAge(new AcademicYear(2026)));
        Assert.Equal(new DateOnly(2026, 6, 26), DeletionRules.EndOfCompulsorySchoolAge(new AcademicYear(2025)));
    }
}
