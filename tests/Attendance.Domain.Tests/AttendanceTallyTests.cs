using Attendance.Domain;
using Attendance.Testing;

namespace Attendance.Domain.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class AttendanceTallyTests
{
    private static TallySnapshot TallyOf(params string[] codes)
    {
        var tally = new AttendanceTally();
        foreach (var code in codes)
        {
            tally.Add(code, schoolWeek: 0);
        }

        return tally.Snapshot();
    }

    private static string[] Repeat(string code, int count) => Enumerable.Repeat(code, count).ToArray();

    [Fact]
    public void Sessions_that_are_not_possible_do_not_change_the_percentage()
    {
        // 8 present-type (/, \, L, B counts as attendance), 2 absences, and every not-counted code mixed in.
        var snapshot = TallyOf(
            "/", "\\", "L", "/", "\\", "/", "B", "V", "I", "O",
            "D", "X", "Q", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7", "Z", "#");

        Assert.Equal(10, snapshot.PossibleSessions);
        Assert.Equal(6, snapshot.Present);
        Assert.Equal(2, snapshot.ApprovedEducationalActivity);
        Assert.Equal(1, snapshot.AuthorisedAbsence);
        Assert.Equal(1, snapshot.UnauthorisedAbsence);
        Assert.Equal(12, snapshot.NotCounted);
        Assert.Equal(80.0m, snapshot.AttendancePercent);
    }

    [Fact]
    public void Exactly_90_percent_is_persistent_absence()
    {
        var snapshot = TallyOf([.. Repeat("/", 9), "I"]);
        Assert.Equal(90.0m, snapshot.AttendancePercent);
        Assert.True(snapshot.IsPersistentlyAbsent);
        Assert.False(snapshot.IsSeverelyAbsent);
    }

    [Fact]
    public void Just_above_90_percent_is_not_persistent_absence()
    {
        // 181 of 200 = 90.5%; 1 of 11 missed = 90.9%.
        Assert.False(TallyOf([.. Repeat("/", 181), .. Repeat("I", 19)]).IsPersistentlyAbsent);
        Assert.False(TallyOf([.. Repeat("/", 10), "O"]).IsPersistentlyAbsent);
    }

    [Fact]
    public void Persistence_is_decided_on_exact_counts_not_the_rounded_percentage()
    {
        // 1799 of 2000 = 89.95%, shown as 90.0% but below 90%.
        var snapshot = TallyOf([.. Repeat("/", 1799), .. Repeat("I", 201)]);
        Assert.Equal(90.0m, snapshot.AttendancePercent);
        Assert.True(snapshot.IsPersistentlyAbsent);
    }

    [Fact]
    public void Exactly_half_missed_is_severe_absence()
    {
        Assert.True(TallyOf("/", "G").IsSeverelyAbsent);
        Assert.False(TallyOf("/", "/", "G").IsSeverelyAbsent);
    }

    [Fact]
    public void No_possible_sessions_means_no_percentage_and_no_absence_flags()
    {
        var snapshot = TallyOf("X", "#");
        Assert.Null(snapshot.AttendancePercent);
        Assert.False(snapshot.IsPersistentlyAbsent);
    }

    [Fact]
    public void Late_before_and_after_close_are_counted_separately()
    {
        var snapshot = TallyOf("L", "L", "U", "/");
        Assert.Equal(2, snapshot.Late);
        Assert.Equal(1, snapshot.ArrivedAfterRegisterClosed);
        Assert.Equal(3, snapshot.Present);
        Assert.Equal(1, snapshot.UnauthorisedAbsence);
    }

    [Fact]
    public void Removing_a_code_undoes_adding_it()
    {
        var tally = new AttendanceTally();
        tally.Add("U", 3);
        tally.Remove("U", 3);
        Assert.Equal(TallyOf() with { }, tally.Snapshot() with { UnauthorisedInRollingWindow = 0 });
        Assert.Equal(0, tally.UnauthorisedInRollingWindow(3));
    }

    [Fact]
    public void The_rolling_window_holds_exactly_ten_school_weeks()
    {
        var tally = new AttendanceTally();
        for (var week = 0; week < 10; week++)
        {
            tally.Add("O", week);
        }

        Assert.Equal(10, tally.UnauthorisedInRollingWindow(currentWeek: 9)); // the 10th session is inside
        Assert.Equal(9, tally.UnauthorisedInRollingWindow(currentWeek: 10)); // week 0 has left the window
        Assert.Equal(1, tally.UnauthorisedInRollingWindow(currentWeek: 18));
        Assert.Equal(0, tally.UnauthorisedInRollingWindow(currentWeek: 19));
    }

    [Fact]
    public void Only_unauthorised_sessions_count_in_the_rolling_window()
    {
        var tally = new AttendanceTally();
        foreach (var code in new[] { "G", "N", "O", "U", "I", "M", "C", "L", "/" })
        {
            tally.Add(code, 5);
        }

        Assert.Equal(4, tally.UnauthorisedInRollingWindow(5));
    }

    [Fact]
    public void Snapshot_window_ends_at_the_latest_marked_week_unless_told_otherwise()
    {
        var tally = new AttendanceTally();
        tally.Add("O", 0);
        tally.Add("/", 9);
        Assert.Equal(1, tally.Snapshot().UnauthorisedInRollingWindow);
        Assert.Equal(0, tally.Snapshot(currentWeek: 10).UnauthorisedInRollingWindow);
    }
}
