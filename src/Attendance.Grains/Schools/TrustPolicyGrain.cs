using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Hosting;
using Attendance.Grains.Families;

namespace Attendance.Grains.Schools;

[GenerateSerializer]
public sealed class TrustPolicyState
{
    [Id(0)] public AttendancePolicy? Policy { get; set; }
}

public sealed class TrustPolicyGrain(
    [PersistentState("trust-policy", StorageNames.Attendance)] IPersistentState<TrustPolicyState> state) : Grain, ITrustPolicyGrain
{
    public Task<AttendancePolicy> GetPolicy() => Task.FromResult(state.State.Policy ?? AttendancePolicy.Default);

    public async Task<Outcome> SetPolicy(AttendancePolicy policy)
    {
        var problems = policy.Validate().Concat(FamilyMessages.Check(policy.Families)).ToList();
        if (Rejection.Of(RejectionReason.InvalidPolicy, problems) is { } invalid)
        {
            return invalid;
        }

        state.State.Policy = policy;
        await state.WriteStateAsync();

        // Saved first; if a school cannot be told, the caller sees the error and saving again tells every school again.
        var schools = await GrainFactory.GetGrain<ISchoolDirectoryGrain>(ISchoolDirectoryGrain.Key).GetSchools();
        await Task.WhenAll(schools.Select(s => GrainFactory.GetGrain<ISchoolGrain>(s.SchoolId).TrustPolicyChanged(policy)));
        return Outcome.Done;
    }
}
