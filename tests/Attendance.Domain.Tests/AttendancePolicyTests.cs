using Attendance.Domain;
using Attendance.Testing;

namespace Attendance.Domain.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class AttendancePolicyTests
{
    private static readonly AttendancePolicy Policy = AttendancePolicy.Default;

    /// <summary>A tally of <paramref name="attended"/> present and <paramref name="missed"/> authorised absences in week 0.</summary>
    private static AttendanceTally Tally(int attended, int missed, string absenceCode = "I")
    {
        var tally = new AttendanceTally();
        for (var i = 0; i < attended; i++)
        {
            tally.Add("/", 0);
        }

        for (var i = 0; i < missed; i++)
        {
            tally.Add(absenceCode, 0);
        }

        return tally;
    }

    private static PupilStanding Standing(AttendanceTally tally, int week = 0) => PupilStanding.Evaluate(Policy, tally, week);

    [Fact]
    public void The_default_policy_is_valid()
    {
        Assert.Empty(Policy.Validate());
    }

    [Theory]
    [InlineData(19, 1, "Good")] // 95.0% exactly
    [InlineData(1899, 101, "Watch")] // 94.95%
    [InlineData(23, 2, "Watch")] // 92.0%
    [InlineData(9, 1, "Concern")] // 90.0% exactly: still the 90-92 band
    [InlineData(8999, 1001, "Formal")] // 89.99%
    [InlineData(0, 0, "Good")] // no possible sessions yet
    public void Bands_include_their_lower_bound(int attended, int missed, string band)
    {
        Assert.Equal(band, Policy.Bands[Standing(Tally(attended, missed)).Band].Name);
    }

    [Theory]
    [InlineData(9, 1, true)] // 90.0%: persistent absence
    [InlineData(8999, 1001, true)] // 89.99%
    [InlineData(9001, 999, false)] // 90.01%
    public void Persistent_absence_starts_at_exactly_ten_percent_missed(int attended, int missed, bool persistent)
    {
        Assert.Equal(persistent, Standing(Tally(attended, missed)).PersistentAbsence);
    }

    [Theory]
    [InlineData(7, 0)]
    [InlineData(8, 1)] // letter 1 at 8 sessions (4 days)
    [InlineData(13, 1)]
    [InlineData(14, 2)]
    [InlineData(42, 5)]
    public void Escalation_stages_follow_sessions_missed(int missed, int stage)
    {
        Assert.Equal(stage, Standing(Tally(200, missed)).Stage);
    }

    [Fact]
    public void The_penalty_notice_threshold_is_reached_by_the_tenth_unauthorised_session_in_ten_school_weeks()
    {
        var tally = Tally(100, 0);
        for (var week = 0; week < 9; week++)
        {
            tally.Add("O", week);
        }

        Assert.False(Standing(tally, week: 9).PenaltyNoticeThreshold); // 9 sessions
        tally.Add("G", 9);
        Assert.True(Standing(tally, week: 9).PenaltyNoticeThreshold); // the 10th
        Assert.False(Standing(tally, week: 10).PenaltyNoticeThreshold); // week 0's session rolls out
    }

    [Fact]
    public void Authorised_absences_do_not_count_towards_the_penalty_notice_threshold()
    {
        Assert.False(Standing(Tally(10, 20, "I")).PenaltyNoticeThreshold);
        Assert.True(Standing(Tally(10, 10, "O")).PenaltyNoticeThreshold);
    }

    [Fact]
    public void Lateness_is_persistent_at_the_limit_of_L_or_of_U_in_the_window()
    {
        var tally = Tally(50, 0);
        for (var i = 0; i < 4; i++)
        {
            tally.Add("L", 3);
        }

        Assert.False(Standing(tally, week: 3).PersistentLateness);
        tally.Add("L", 3);
        Assert.True(Standing(tally, week: 3).PersistentLateness);
        Assert.False(Standing(tally, week: 3 + Policy.LatenessWeeks).PersistentLateness);
    }

    [Fact]
    public void A_crossing_is_a_change_not_a_level()
    {
        var before = Standing(Tally(91, 9)); // 91%: Concern, not persistent
        var after = Standing(Tally(90, 10)); // 90%: still Concern, now persistent

        var crossings = Crossing.Between(Policy, before, after);

        var persistent = Assert.Single(crossings);
        Assert.Equal((CrossingKind.PersistentAbsence, "No", "Yes", true), (persistent.Kind, persistent.From, persistent.To, persistent.Worse));
        Assert.Empty(Crossing.Between(Policy, after, after));
    }

    [Fact]
    public void Recovering_is_recorded_as_an_improvement_and_falling_back_alerts_again()
    {
        var worse = Standing(Tally(89, 11));
        var better = Standing(Tally(95, 5));

        var down = Crossing.Between(Policy, better, worse);
        var up = Crossing.Between(Policy, worse, better);

        Assert.Contains(down, c => c is { Kind: CrossingKind.Band, From: "Good", To: "Formal", Worse: true });
        Assert.Contains(up, c => c is { Kind: CrossingKind.Band, From: "Formal", To: "Good", Worse: false });
        Assert.All(down, c => Assert.True(c.Worse));
        Assert.All(up, c => Assert.False(c.Worse));
    }

    [Fact]
    public void A_worse_crossing_carries_the_policy_action()
    {
        var crossing = Crossing.Between(Policy, Standing(Tally(200, 7)), Standing(Tally(200, 8))).Single(c => c.Kind == CrossingKind.Escalation);
        Assert.Equal(("No stage", "Letter 1", "Send attendance letter 1."), (crossing.From, crossing.To, crossing.Action));
    }

    public static TheoryData<AttendancePolicy, string> BadPolicies => new()
    {
        { Policy with { Bands = [Policy.Bands[0], Policy.Bands[0] with { Name = "Also good" }, Policy.Bands[3]] }, "overlap" },
        { Policy with { Bands = [Policy.Bands[0] with { MinimumPercent = 120 }, Policy.Bands[3]] }, "between 0% and 100%" },
        { Policy with { Bands = [Policy.Bands[0], Policy.Bands[1]] }, "must start at 0%" },
        { Policy with { Bands = [Policy.Bands[0] with { Colour = "green" }, Policy.Bands[3]] }, "#rrggbb" },
        { Policy with { Bands = [Policy.Bands[0] with { Action = "" }, Policy.Bands[3]] }, "needs an action" },
        { Policy with { Stages = [Policy.Stages[1], Policy.Stages[0]] }, "out of order" },
        { Policy with { Stages = [Policy.Stages[0] with { Action = " " }] }, "needs a name and an action" },
        { Policy with { PersistentAbsencePercent = 0 }, "persistent absence threshold" },
        { Policy with { SevereAbsencePercent = 150 }, "severe absence threshold" },
        { Policy with { SevereAbsencePercent = 10 }, "higher share" },
        { Policy with { PenaltyNoticeSessions = 0 }, "penalty-notice sessions" },
        { Policy with { TargetPercent = 101 }, "target threshold" },
        { Policy with { HealthCodes = ["I", "ZZ"] }, "'ZZ' is not a national attendance code" },
        { Policy with { TrustAlerts = [(CrossingKind)99] }, "not a known alert" },
        { Policy with { SchoolDropPoints = 0 }, "school drop alert" },
        { Policy with { PenaltyNoticesPerParent = 0 }, "penalty notices per parent" },
        { Policy with { Bands = null! }, "needs its bands" },
    };

    [Theory]
    [MemberData(nameof(BadPolicies))]
    public void A_bad_policy_is_rejected_with_a_clear_message(AttendancePolicy policy, string expected)
    {
        Assert.Contains(policy.Validate(), problem => problem.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Percentages_count_only_once_the_pupil_has_enough_possible_sessions()
    {
        // One absence on the first morning of the year is 0%, but not yet a band, persistent or severe absence.
        Assert.Equal(PupilStanding.Clear, Standing(Tally(0, 1)));
        Assert.Equal(PupilStanding.Clear, Standing(Tally(8, 1))); // 9 possible sessions
        Assert.True(Standing(Tally(9, 1)).PersistentAbsence); // the 10th possible session
    }

    [Fact]
    public void Continuous_absence_is_reached_on_the_twentieth_unauthorised_session_in_a_row()
    {
        var figures = StandingFigures.From(Policy, Tally(100, 0), 0, unauthorisedRun: 19);
        Assert.False(PupilStanding.Evaluate(Policy, figures).ContinuousAbsence);
        Assert.True(PupilStanding.Evaluate(Policy, figures with { ContinuousUnauthorisedSessions = 20 }).ContinuousAbsence);
    }

    [Theory]
    [InlineData("I", 29, false)]
    [InlineData("I", 30, true)] // 15 days = 30 sessions, cumulative
    [InlineData("M", 30, true)]
    [InlineData("O", 30, false)] // not health-related
    public void Health_related_absence_counts_the_policy_codes(string code, int sessions, bool reached)
    {
        Assert.Equal(reached, Standing(Tally(300, sessions, code)).HealthAbsence);
    }

    [Theory]
    [InlineData(19, "Good")] // (380 - 19) / 380 = 95.0% exactly
    [InlineData(20, "Watch")] // 94.7%: seed 004 appendix 6's "20 days → 89.4%" is 40 sessions
    [InlineData(38, "Concern")] // 342 / 380 = 90.0% exactly
    [InlineData(39, "Formal")] // 89.7%
    public void The_year_end_projection_is_the_best_attendance_still_possible(int missed, string band)
    {
        var figures = StandingFigures.From(Policy, Tally(100, missed), 0, yearSessions: 380);
        Assert.Equal(band, Policy.Bands[PupilStanding.Evaluate(Policy, figures).YearEndBand].Name);
    }

    [Fact]
    public void A_falling_projection_is_an_early_warning_with_the_band_it_will_end_in()
    {
        var before = PupilStanding.Evaluate(Policy, StandingFigures.From(Policy, Tally(100, 19), 0, yearSessions: 380));
        var after = PupilStanding.Evaluate(Policy, StandingFigures.From(Policy, Tally(100, 20), 0, yearSessions: 380));

        var crossing = Crossing.Between(Policy, before, after).Single(c => c.Kind == CrossingKind.YearEndProjection);

        Assert.Equal(("Good", "Watch", true, 1), (crossing.From, crossing.To, crossing.Worse, crossing.Level));
        Assert.StartsWith("Early warning", crossing.Action, StringComparison.Ordinal);
    }
}
