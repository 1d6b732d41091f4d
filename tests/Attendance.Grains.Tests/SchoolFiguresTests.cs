using Attendance.Domain;
using Attendance.Grains.Abstractions;
using static Attendance.Grains.Tests.TestSchool;
using Attendance.Testing;
using Attendance.Grains.Analytics;

namespace Attendance.Grains.Tests;

/// <summary>The school's roll-up: built from the pupils on activation, then kept by their newest figures only.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class SchoolFiguresTests(MemoryClusterFixture fixture) : IClassFixture<MemoryClusterFixture>
{
    private readonly IGrainFactory grains = fixture.Cluster.GrainFactory;

    private static PupilFigures Figures(int entryNo, int present, int absent) => new(
        entryNo,
        new Dictionary<int, IReadOnlyDictionary<string, int>> { [2026] = new Dictionary<string, int> { ["/"] = present, ["O"] = absent } },
        new Dictionary<DateOnly, WeekFigures> { [new DateOnly(2026, 11, 9)] = new(present + absent, present) });

    private static GroupFigures School(SchoolFigures figures) => figures.Groups.Single(g => g.Dimension == PupilGroups.WholeSchool);

    [Fact]
    public async Task A_school_with_no_pupils_yet_has_whole_school_figures_of_nothing()
    {
        var school = new TestSchool(grains);
        Assert.Null((await school.School.Configure(new SchoolSettings("New Primary", Calendar, SessionTimes.PrimaryDefault))).Rejection);

        var figures = (await grains.GetGrain<ISchoolFiguresGrain>(school.Id).Get())!;

        Assert.Equal((0, 0, null), (School(figures).Pupils, School(figures).PossibleSessions, School(figures).AttendancePercent));
        Assert.Single(figures.Groups);
    }

    [Fact]
    public async Task A_pupils_older_figures_arriving_late_are_ignored_and_the_pupils_own_are_taken_on_activation()
    {
        var school = await new TestSchool(grains).CreateAsync();
        await school.ImportHistory(1, Today.Date.AddDays(-1)); // pupil 1 present every session to yesterday
        var rollup = grains.GetGrain<ISchoolFiguresGrain>(school.Id);

        var built = (await rollup.Get())!;
        var fromPupils = School(built);
        var pupilOne = (await school.Pupil(Upn(1)).GetForRollup()).Figures;
        Assert.Equal(pupilOne.TallyIn(new(2026)).PossibleSessions, fromPupils.PossibleSessions); // only pupil 1 has history
        Assert.True(pupilOne.EntryNo > 0);

        // One-way calls: each is taken when it arrives, so the test waits for the newer figures to be in, then
        // sends older ones (as if they had crossed in the post) and gives them time to arrive.
        await rollup.Update(Upn(1), Figures(pupilOne.EntryNo + 2, present: 1, absent: 1));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (School((await rollup.Get())!).PossibleSessions != 2 && waited.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(10);
        }

        await rollup.Update(Upn(1), Figures(pupilOne.EntryNo + 1, present: 9, absent: 0));
        await Task.Delay(300);

        var after = School((await rollup.Get())!);
        Assert.Equal((2, 1), (after.PossibleSessions, after.SessionsAttended));
    }
}
