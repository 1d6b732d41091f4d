using System.Text.Json;
using Attendance.Domain;
using static Attendance.Domain.Tests.Calendars;
using Attendance.Testing;

namespace Attendance.Domain.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class PupilFiguresTests
{
    private static readonly Staff Teacher = new("Ms Patel", "Class teacher");
    private static readonly DateTimeOffset At = new(2026, 11, 10, 9, 5, 0, TimeSpan.Zero);

    private static RegisterEntry Mark(int day, SessionPart part, string code) =>
        new(new Session(new DateOnly(2026, 11, day), part), code, MarkSource.Register, Teacher, At, Autumn2026.SchoolWeek(new DateOnly(2026, 11, day))!.Value);

    [Fact]
    public void The_figures_count_each_session_by_its_code_now_and_each_week_by_its_Monday()
    {
        var register = new PupilRegister([
            Mark(6, SessionPart.AM, "/"), Mark(6, SessionPart.PM, "N"), // Friday: week of Monday 2 November
            Mark(9, SessionPart.AM, "B"), Mark(9, SessionPart.PM, "D"), Mark(10, SessionPart.AM, "G"), // week of 9 November; D is not a possible session
            Mark(6, SessionPart.PM, "I") with { AmendmentReason = "Mother rang: ill" }]);

        var figures = PupilFigures.Of(6, register.Marks);

        Assert.Equal(6, figures.EntryNo);
        Assert.Equal(new Dictionary<string, int> { ["/"] = 1, ["I"] = 1, ["B"] = 1, ["D"] = 1, ["G"] = 1 }, figures.CodesIn(new(2026)).ToDictionary());
        Assert.Equal(new WeekFigures(2, 1), figures.Weeks[new DateOnly(2026, 11, 2)]);
        Assert.Equal(new WeekFigures(2, 1), figures.Weeks[new DateOnly(2026, 11, 9)]);
        Assert.Equal((4, 2), (figures.TallyIn(new(2026)).PossibleSessions, figures.TallyIn(new(2026)).SessionsAttended));
        Assert.Equal(register.Tally.Snapshot().PossibleSessions, figures.TallyIn(new(2026)).PossibleSessions);
    }

    [Fact]
    public void Codes_are_kept_by_school_year_from_1_August_and_every_week_stays_for_the_trend()
    {
        var lastYear = new RegisterEntry(new Session(new DateOnly(2026, 7, 31), SessionPart.AM), "N", MarkSource.Register, Teacher, At, 1);
        var register = new PupilRegister([lastYear, Mark(9, SessionPart.AM, "O"), Mark(9, SessionPart.PM, "/")]);

        var figures = PupilFigures.Of(3, register.Marks);

        Assert.Equal(new Dictionary<string, int> { ["O"] = 1, ["/"] = 1 }, figures.CodesIn(new(2026)).ToDictionary());
        Assert.Equal(new Dictionary<string, int> { ["N"] = 1 }, figures.CodesIn(new(2025)).ToDictionary()); // 31 July: the year 2025/26
        Assert.Empty(figures.CodesIn(new(2024)));
        Assert.Equal((2025, 2026), (AcademicYear.Of(new DateOnly(2026, 7, 31)).StartYear, AcademicYear.Of(new DateOnly(2026, 8, 1)).StartYear));
        Assert.Equal(new WeekFigures(1, 0), figures.Weeks[new DateOnly(2026, 7, 27)]);
        Assert.Equal(2, figures.Weeks.Count);
    }

    [Fact]
    public void Figures_read_from_JSON_from_another_silo_change_as_the_figures_kept_compactly_do()
    {
        var register = new PupilRegister([Mark(2, SessionPart.AM, "/"), Mark(9, SessionPart.AM, "N"), Mark(10, SessionPart.PM, "\\")]);
        var kept = PupilFigures.Of(3, register.Marks);
        var read = JsonSerializer.Deserialize<PupilFigures>(JsonSerializer.Serialize(kept))!;
        Assert.IsNotType<WeekRun>(read.Weeks); // plain dictionaries, as the JSON codec makes them

        // An N amended to I on the 9th, and a mark in a week before any counted (the run grows at its start).
        var ninth = new Session(new DateOnly(2026, 11, 9), SessionPart.AM);
        var october = new Session(new DateOnly(2026, 10, 19), SessionPart.PM);
        PupilFigures Change(PupilFigures figures) => figures
            .Changed(4, ninth, NationalCodes.Get("N"), NationalCodes.Get("I"))
            .Changed(5, october, null, NationalCodes.Get("O"));

        var (fromKept, fromRead) = (Change(kept), Change(read));
        Assert.Equal(fromKept.CodesIn(new(2026)).OrderBy(c => c.Key), fromRead.CodesIn(new(2026)).OrderBy(c => c.Key));
        Assert.Equal(fromKept.Weeks.OrderBy(w => w.Key), fromRead.Weeks.OrderBy(w => w.Key));
        Assert.Equal(
            [(new DateOnly(2026, 10, 19), new WeekFigures(1, 0)), (new DateOnly(2026, 11, 2), new WeekFigures(1, 1)), (new DateOnly(2026, 11, 9), new WeekFigures(2, 1))],
            fromKept.Weeks.Select(w => (w.Key, w.Value)));
        Assert.Equal(new WeekFigures(0, 0), fromKept.Weeks.GetValueOrDefault(new DateOnly(2026, 10, 26))); // a week between, none counted
        Assert.False(fromKept.Weeks.ContainsKey(new DateOnly(2026, 11, 10))); // not a Monday
        Assert.Equal(3, fromKept.Weeks.Count);
        Assert.Equal(1, fromKept.CodesIn(new(2026))["I"]);
        Assert.False(fromKept.CodesIn(new(2026)).ContainsKey("N")); // back to none: not listed
    }
}

[Trait(TestCategory.Name, TestCategory.Fast)]
public class YearEndProjectionTests
{
    private static TallySnapshot Year(int present, int absent) => new(present, 0, absent, 0, 0, 0, 0, 0, 0);

    [Fact]
    public void The_sessions_left_are_attended_at_the_recent_rate_and_a_fall_into_a_worse_band_is_seen()
    {
        // 96.0% so far (Good); the last four weeks at 80%: 100 sessions left take the year to 88.0%, Formal.
        var projection = YearEndProjection.Of(AttendancePolicy.Default, Year(96, 4), new WeekFigures(40, 32), 100)!;

        Assert.Equal((96.0m, 0, 88.0m, 3, true), (projection.CurrentPercent, projection.CurrentBand, projection.ProjectedPercent, projection.ProjectedBand, projection.Worse));
    }

    [Theory]
    [InlineData(90, 10, 0, 2, false)] // 90.0% exactly stays in Concern (from 90%), projected the same
    [InlineData(92, 8, 89, 2, true)] // recent 89 of 100, 100 left: 181/200 = 90.5%, Concern: worse than Watch
    public void A_projection_exactly_at_a_bands_minimum_stays_in_that_band(int present, int absent, int recentAttended, int expectedBand, bool worse)
    {
        var recent = recentAttended == 0 ? new WeekFigures(0, 0) : new WeekFigures(100, recentAttended);

        var projection = YearEndProjection.Of(AttendancePolicy.Default, Year(present, absent), recent, 100)!;

        Assert.Equal((expectedBand, worse), (projection.ProjectedBand, projection.Worse));
    }

    [Fact]
    public void No_projection_before_the_policy_measures_percentages()
    {
        Assert.Null(YearEndProjection.Of(AttendancePolicy.Default, Year(8, 1), new WeekFigures(9, 8), 300)); // 9 possible: measured from 10
        Assert.NotNull(YearEndProjection.Of(AttendancePolicy.Default, Year(9, 1), new WeekFigures(10, 9), 300));
    }
}
