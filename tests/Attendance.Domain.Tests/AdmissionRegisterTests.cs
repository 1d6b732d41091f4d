using Attendance.Domain;
using Attendance.Testing;

namespace Attendance.Domain.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class AdmissionRegisterTests
{
    private static readonly Staff Office = new("Mr Jones", "Attendance officer");
    private static readonly DateTimeOffset At = new(2026, 11, 10, 9, 0, 0, TimeSpan.Zero);

    private static AdmissionEntry Admitted(int month, int day) => new("T000000000001", AdmissionEntryKind.Admission, new(2026, month, day), null, null, Office, At);

    private static AdmissionEntry Deleted(int month, int day, DeletionGround? ground = DeletionGround.RegisteredAtAnotherSchool) =>
        new("T000000000001", AdmissionEntryKind.Deletion, new(2026, month, day), ground, null, Office, At);

    [Fact]
    public void A_pupil_is_on_roll_from_the_starting_day_through_the_last_day_and_again_from_a_readmission()
    {
        var pupil = new PupilAdmissions([Admitted(9, 3), Deleted(11, 6), Admitted(11, 16)]);

        Assert.Equal([new RollPeriod(new(2026, 9, 3), new(2026, 11, 6)), new RollPeriod(new(2026, 11, 16), null)], pupil.Periods());
        Assert.False(pupil.OnRollOn(new(2026, 9, 2)));
        Assert.True(pupil.OnRollOn(new(2026, 9, 3)));
        Assert.True(pupil.OnRollOn(new(2026, 11, 6))); // the last day on roll
        Assert.False(pupil.OnRollOn(new(2026, 11, 7)));
        Assert.False(pupil.OnRollOn(new(2026, 11, 15)));
        Assert.True(pupil.OnRollOn(new(2027, 3, 1)));
        Assert.True(pupil.IsOnRoll);
    }

    [Fact]
    public void Lines_that_cannot_follow_the_register_are_refused_in_words()
    {
        var onRoll = new PupilAdmissions([Admitted(9, 3)]);
        var left = new PupilAdmissions([Admitted(9, 3), Deleted(11, 6)]);

        Assert.Contains("already on roll", onRoll.Refuse(Admitted(11, 16)));
        Assert.Null(onRoll.Refuse(Deleted(9, 3))); // left on the day they started: on roll that one day
        Assert.Contains("cannot be before", onRoll.Refuse(Deleted(9, 2)));
        Assert.Contains("regulation 9(1)", onRoll.Refuse(Deleted(11, 6, ground: null)));
        Assert.Contains("regulation 9(1)", onRoll.Refuse(Deleted(11, 6, ground: (DeletionGround)16)));
        Assert.Contains("not on roll", left.Refuse(Deleted(11, 20)));
        Assert.Contains("starts after that day", left.Refuse(Admitted(11, 6)));
        Assert.Null(left.Refuse(Admitted(11, 7)));
        Assert.Null(new PupilAdmissions([]).Refuse(Admitted(9, 3)));
    }

    [Fact]
    public void Grounds_carry_their_letter_in_regulation_9_1_and_the_returns_their_due_days()
    {
        Assert.Equal("9(1)(a)", AdmissionEntry.Regulation(DeletionGround.RegisteredAtAnotherSchool));
        Assert.Equal("9(1)(i)", AdmissionEntry.Regulation(DeletionGround.ContinuouslyAbsent20Days));
        Assert.Equal("9(1)(o)", AdmissionEntry.Regulation(DeletionGround.PermanentlyExcluded));
        Assert.Equal(15, Enum.GetValues<DeletionGround>().Length);
        Assert.Equal(new DateOnly(2026, 11, 15), AdmissionReturns.NewPupilReturnDue(new(2026, 11, 10))); // by the end of the fifth day after
        Assert.Equal(new DateOnly(2026, 11, 6), AdmissionReturns.DeletionReturnDue(new(2026, 11, 6)));
    }

    [Theory]
    [InlineData("R", "2026-09-03", false)] // the youngest class, the first day of the year: no return (reg. 13(2))
    [InlineData("R", "2026-09-04", true)] // a day later
    [InlineData("1", "2026-09-03", true)] // not the youngest class
    public void The_new_pupil_return_is_not_needed_for_the_youngest_class_starting_on_the_first_day_of_the_year(string year, string starting, bool needed) =>
        Assert.Equal(needed, AdmissionReturns.NewPupilReturnNeeded(year, DateOnly.Parse(starting), new DateOnly(2026, 9, 3), ["2", "R", "1"]));

    [Fact]
    public void Year_groups_rank_from_nursery_to_year_14() =>
        Assert.Equal(new[] { "N1", "N2", "R", "1", "Y2", "10", "14", "Other" }, new[] { "14", "Other", "R", "10", "N1", "1", "Y2", "N2" }.OrderBy(AdmissionReturns.YearGroupRank));
}
