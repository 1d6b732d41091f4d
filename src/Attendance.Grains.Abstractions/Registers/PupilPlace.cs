using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>
/// What a pupil needs from their class to take a gate arrival alone: the class, its register times (the school's
/// settings and the class's phase), the pupil's periods on roll and the policy version in force. The class sends it
/// to each member when it is set up, so an arrival goes straight to the pupil.
/// </summary>
/// <param name="Name">The name staff use, for refusals.</param>
/// <param name="Roll">The periods on roll (null: on roll throughout), as <see cref="ClassMember.Roll"/>.</param>
[GenerateSerializer, Immutable]
public sealed record PupilPlace(string ClassId, string? Phase, SchoolSettings Settings, string Name, IReadOnlyList<RollPeriod>? Roll, long PolicyVersion)
{
    /// <summary>
    /// Whether a pupil holding this place must be sent <paramref name="other"/> when the settings are the same: the
    /// class, its phase, the pupil's name or roll differ (a new policy version alone does not count).
    /// </summary>
    public bool DiffersFrom(PupilPlace other) =>
        ClassId != other.ClassId || Phase != other.Phase || Name != other.Name
        || !(Roll ?? []).SequenceEqual(other.Roll ?? []);
}
