using Attendance.Grains.Abstractions;
using static Attendance.Grains.Tests.TestSchool;
using Attendance.Testing;

namespace Attendance.Grains.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class RosterTests(MemoryClusterFixture fixture) : IClassFixture<MemoryClusterFixture>
{
    private readonly IGrainFactory grains = fixture.Cluster.GrainFactory;

    [Fact]
    public async Task Importing_the_same_roster_again_updates_and_never_duplicates()
    {
        var school = await new TestSchool(grains).CreateAsync();
        var renamed = Pupil(2, "3B") with { PreferredForename = "Sam" };
        var moved = Pupil(3, "4G");

        var outcome = await school.School.ImportRoster(SmallRoster with { Pupils = [Pupil(1, "3B"), renamed, moved, .. SmallRoster.Pupils.Skip(3)] });

        Assert.Equal(new RosterImportResult(0, 0, 0, 2, 1), outcome.Value);
        var register = await school.Class("3B").GetRegister(Today);
        Assert.Equal([Upn(1), Upn(2)], register!.Lines.Select(l => l.Upn));
        Assert.Equal("Sam Surname2", register.Lines[1].Name);
        Assert.Equal(4, (await school.Class("4G").GetRegister(Today))!.Lines.Count);
        Assert.Equal("4G", await school.School.FindClassOf(Upn(3)));
        Assert.Equal(2, (await school.School.GetClasses()).Count);
    }

    [Fact]
    public async Task An_invalid_row_refuses_the_whole_import_and_says_which_row()
    {
        var school = await new TestSchool(grains).CreateAsync();
        var bad = SmallRoster with
        {
            Pupils = [Pupil(7, "3B"), Pupil(8, "9Z"), Pupil(9, "3B") with { Upn = "123" }, Pupil(7, "3B")],
        };

        var outcome = await school.School.ImportRoster(bad);

        Assert.Null(outcome.Value);
        Assert.Contains(outcome.Rejection!.Items, p => p.StartsWith("Pupil 2", StringComparison.Ordinal) && p.Contains("'9Z'", StringComparison.Ordinal));
        Assert.Contains(outcome.Rejection!.Items, p => p.StartsWith("Pupil 3: '123' is not a UPN", StringComparison.Ordinal));
        Assert.Contains(outcome.Rejection!.Items, p => p.StartsWith("Pupil 4", StringComparison.Ordinal) && p.Contains("twice", StringComparison.Ordinal));
        Assert.Null(await school.School.FindClassOf(Upn(7)));
        Assert.Null(await school.Pupil(Upn(7)).GetDetails());
    }

    [Fact]
    public async Task A_roster_for_a_school_that_does_not_exist_is_refused()
    {
        var outcome = await grains.GetGrain<ISchoolGrain>("no-such-school").ImportRoster(SmallRoster);

        Assert.Null(outcome.Value);
        Assert.Contains("does not exist", Assert.Single(outcome.Rejection!.Items), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_settings_are_refused_with_every_problem()
    {
        var school = grains.GetGrain<ISchoolGrain>($"bad-{Guid.NewGuid():N}");
        var settings = new Domain.SchoolSettings("", new Domain.SchoolCalendar([]), Domain.SessionTimes.PrimaryDefault, TimeZone: "Mars/Olympus");

        var outcome = await school.Configure(settings);

        Assert.Equal(3, outcome.Rejection!.Items.Count);
        Assert.Null(await school.GetSettings());
    }
}
