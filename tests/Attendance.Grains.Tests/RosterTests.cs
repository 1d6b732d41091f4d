using Attendance.Domain;
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
    public async Task A_pupil_moved_to_another_class_takes_their_next_gate_arrival_into_that_classs_register()
    {
        var school = await new TestSchool(grains).CreateAsync();
        Assert.True((await school.Pupil(Upn(1)).RecordArrival(new Arrival(Upn(1), new DateTimeOffset(2026, 11, 10, 8, 45, 0, TimeSpan.Zero)))).Accepted);
        await school.School.ImportRoster(SmallRoster with { Pupils = [.. SmallRoster.Pupils.Select(p => p.Upn == Upn(3) ? Pupil(3, "4G") : p)] });

        // The pupil is told its new place by its new class: the arrival is checked and shown there, one grain call.
        var arrived = await school.Pupil(Upn(3)).RecordArrival(new Arrival(Upn(3), new DateTimeOffset(2026, 11, 10, 8, 50, 0, TimeSpan.Zero)));

        Assert.Equal("/", Assert.Single(arrived.Value!.Recorded).Code);
        var register = await Eventually.Until(() => school.Class("4G").GetRegister(Today), r => r!.Lines.Any(l => l.Upn == Upn(3) && l.Mark is not null));
        Assert.Equal("/", register!.Lines.Single(l => l.Upn == Upn(3)).Mark!.Code);
        Assert.DoesNotContain(Upn(3), (await school.Class("3B").GetRegister(Today))!.Lines.Select(l => l.Upn));
        Assert.Equal("/", (await school.Class("3B").GetRegister(Today))!.Lines.Single(l => l.Upn == Upn(1)).Mark!.Code);
    }

    [Fact]
    public async Task A_parents_approved_contact_change_reaches_each_of_their_children_and_nothing_else_and_the_account_follows()
    {
        var school = await new TestSchool(grains).CreateAsync();
        var jo = new Contact("Jo Smith", "Mother", "07700 900001", "jo@example.org");
        var other = new Contact("Sam Brown", "Father", "07700 900002", "sam@example.org");
        var moved = Pupil(3, "4G") with { Contacts = [jo] }; // a roster import moves pupil 3 to 4G
        await school.School.ImportRoster(SmallRoster with { Pupils = [Pupil(1, "3B") with { Contacts = [jo, other] }, Pupil(2, "3B"), moved, .. SmallRoster.Pupils.Skip(3)] });

        var changed = await school.School.ChangeContact(Upn(1), "JO@example.org", "07700 900999", "jo.new@example.org");

        Assert.Equal([jo with { Phone = "07700 900999", Email = "jo.new@example.org" }, other], changed!.Contacts);
        var sibling = await school.Pupil(Upn(3)).GetDetails();
        Assert.Equal(("4G", "jo.new@example.org"), (sibling!.RegistrationGroup, sibling.Contacts.Single().Email)); // the move stands
        Assert.Equal([new ChildLink(school.Id, Upn(1)), new ChildLink(school.Id, Upn(3))], await grains.GetParent("jo.new@example.org").ChildrenOf("account"));
        Assert.Empty((await grains.GetParent("jo@example.org").ChildrenOf("old-account"))!);
        Assert.Null(await school.School.ChangeContact(Upn(2), "jo.new@example.org", "07700 900111", null)); // not one of pupil 2's
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
