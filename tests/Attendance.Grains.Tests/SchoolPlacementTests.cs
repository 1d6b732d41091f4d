using System.Net;
using Orleans.Runtime.Placement;
using Attendance.Testing;
using Attendance.Grains.Schools;

namespace Attendance.Grains.Tests;

/// <summary>The school placement director on its own: one silo per school, spread across silos, little movement.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class SchoolPlacementTests
{
    private static readonly SiloAddress[] Silos = [.. Enumerable.Range(1, 3).Select(i => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11110 + i), 1))];

    private static readonly string[] Schools = [.. Enumerable.Range(1, 300).Select(i => $"school-{i}")];

    private static async Task<SiloAddress> Place(string key, SiloAddress[] silos, Dictionary<string, object>? requestContext = null)
    {
        var target = new PlacementTarget(GrainId.Create("pupil", key), requestContext ?? [], default, 0);
        return await new SchoolPlacementDirector().OnAddActivation(new SchoolPlacement(), target, new Context(silos));
    }

    [Fact]
    public async Task A_schools_grains_go_to_one_silo_and_schools_spread_over_every_silo()
    {
        foreach (var school in Schools.Take(20))
        {
            var silos = await Task.WhenAll(new[] { school, $"{school}/3B", $"{school}/A123456789012" }.Select(k => Place(k, Silos)));
            Assert.Single(silos.Distinct());
        }

        var perSilo = (await Task.WhenAll(Schools.Select(s => Place(s, Silos)))).GroupBy(s => s).Select(g => g.Count()).ToList();
        Assert.Equal(3, perSilo.Count);
        Assert.All(perSilo, n => Assert.InRange(n, 70, 130)); // 100 each on average
    }

    [Fact]
    public async Task When_a_silo_leaves_only_its_schools_move_and_a_placement_hint_wins()
    {
        var before = await Task.WhenAll(Schools.Select(s => Place(s, Silos)));
        var after = await Task.WhenAll(Schools.Select(s => Place(s, Silos[..2])));

        Assert.All(Schools.Select((_, i) => i).Where(i => before[i] != Silos[2]), i => Assert.Equal(before[i], after[i]));

        var hinted = await Place(Schools[0], Silos, new Dictionary<string, object> { [IPlacementDirector.PlacementHintKey] = Silos[1] });
        Assert.Equal(Silos[1], hinted);
    }

    private sealed class Context(SiloAddress[] silos) : IPlacementContext
    {
        public SiloAddress LocalSilo => silos[0];

        public SiloStatus LocalSiloStatus => SiloStatus.Active;

        public SiloAddress[] GetCompatibleSilos(PlacementTarget target) => silos;

        public IReadOnlyDictionary<ushort, SiloAddress[]> GetCompatibleSilosWithVersions(PlacementTarget target) => new Dictionary<ushort, SiloAddress[]> { [0] = silos };
    }
}
