using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>The trust's attendance policy, followed by every school that has no policy of its own.</summary>
public interface ITrustPolicyGrain : IGrainWithStringKey
{
    public const string Key = ISchoolDirectoryGrain.Key;

    [ReadOnly]
    Task<AttendancePolicy> GetPolicy();

    /// <summary>Saves the policy and tells every school. Refused with every problem found (nothing saved).</summary>
    Task<Outcome> SetPolicy(AttendancePolicy policy);
}
