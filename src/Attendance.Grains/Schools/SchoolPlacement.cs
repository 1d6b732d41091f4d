using System.Text;
using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace Attendance.Grains.Schools;

/// <summary>
/// A school's grains live together: its school, classes, pupils, live feed, inbox and follow-up are placed on one
/// silo, chosen from the school's id, so a mark makes no hop between silos (class → pupil → feed).
/// </summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class SchoolPlacement : PlacementStrategy
{
    internal static readonly SchoolPlacement Instance = new();
}

/// <summary>Places the grain with the other grains of its school (<see cref="SchoolPlacement"/>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SchoolPlacementAttribute() : PlacementAttribute(SchoolPlacement.Instance);

/// <summary>
/// Rendezvous (highest random weight) hashing of the school id over the compatible silos: every silo computes the
/// same owner from the same membership, and when a silo joins or leaves only the schools it wins or held move (their
/// next activations go to the new owner; activations already running stay until they are collected or migrated).
/// A placement hint in the request context (Orleans' migration) wins, as it does for the built-in directors.
/// </summary>
public sealed class SchoolPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        if (IPlacementDirector.GetPlacementHint(target.RequestContextData, silos) is { } hint)
        {
            return Task.FromResult(hint);
        }

        var school = SchoolOf(target.GrainIdentity.Key.ToString()!);
        return Task.FromResult(silos.MaxBy(silo => Weight(school, silo.ToParsableString()))!);
    }

    /// <summary>The school of a grain key: a school's own id, or the part before '/' of a class's or pupil's key.</summary>
    public static string SchoolOf(string key) => key.Contains('/', StringComparison.Ordinal) ? Abstractions.GrainKeys.Split(key).SchoolId : key;

    /// <summary>
    /// A hash that is the same in every process (string.GetHashCode is not): 64-bit FNV-1a, then MurmurHash3's final
    /// mix, without which similar school ids weigh similarly and the spread over silos is lopsided.
    /// </summary>
    private static ulong Weight(string school, string silo)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes($"{school}\n{silo}"))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        hash = (hash ^ (hash >> 33)) * 0xff51afd7ed558ccdUL;
        hash = (hash ^ (hash >> 33)) * 0xc4ceb9fe1a85ec53UL;
        return hash ^ (hash >> 33);
    }
}
