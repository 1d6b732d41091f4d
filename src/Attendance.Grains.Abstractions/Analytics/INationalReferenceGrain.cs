using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>The trust's national reference for its analytics (key: <see cref="ISchoolDirectoryGrain.Key"/>).</summary>
public interface INationalReferenceGrain : IGrainWithStringKey
{
    [ReadOnly]
    Task<NationalReference?> Get();

    /// <summary>Replaces the reference; null removes it.</summary>
    Task Set(NationalReference? reference);
}
