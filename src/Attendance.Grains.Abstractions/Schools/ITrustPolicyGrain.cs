using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>The trust's attendance policy, followed by every school that has no policy of its own.</summary>
public interface ITrustPolicyGrain : IGrainWithStringKey
{
    public const string Key = ISchoolDirectoryGrain.Key;

    [ReadOnly]
    Task<AttendancePolicy> GetPolicy();

    /// <summary>Saves the policy and tells every school. Returns the problems found; none means saved.</summary>
    Task<IReadOnlyList<string>> SetPolicy(AttendancePolicy policy);
}
