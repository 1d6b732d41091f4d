using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>The local authority's lists: pupils by a national measure as it stands for them now.</summary>
public enum AbsenceMeasure
{
    /// <summary>10% or more of this year's possible sessions missed.</summary>
    PersistentlyAbsent,

    /// <summary>50% or more missed.</summary>
    SeverelyAbsent,

    /// <summary>At the penalty-notice threshold: the policy's sessions of unauthorised absence in its rolling window.</summary>
    PenaltyNoticeThreshold,

    /// <summary>The policy's persistent lateness.</summary>
    PersistentLateness,
}

/// <summary>Who a list holds: the pupils where every criterion given meets.</summary>
/// <param name="Stage">The escalation stage reached this school week (e.g. "Letter 1").</param>
/// <param name="Band">The policy's band the pupils are in now.</param>
[GenerateSerializer, Immutable]
public sealed record ListCriteria(string? Stage = null, string? Band = null, string? ClassId = null, string? YearGroup = null, AbsenceMeasure? Measure = null)
{
    public bool IsEmpty => string.IsNullOrWhiteSpace(Stage) && string.IsNullOrWhiteSpace(Band) && string.IsNullOrWhiteSpace(ClassId) && string.IsNullOrWhiteSpace(YearGroup) && Measure is null;
}

/// <summary>A list the office saved under a name, to send to again (each half term's letters by band, the LA's termly list).</summary>
[GenerateSerializer, Immutable]
public sealed record SavedList(string Name, ListCriteria Criteria, Staff SavedBy, DateTimeOffset SavedAt);

/// <summary>A school's saved lists, by name (any case).</summary>
public interface ISavedListsGrain : IGrainWithStringKey
{
    /// <summary>Saves the list, replacing one of the same name.</summary>
    Task<Outcome<SavedList>> Save(SavedList list);

    Task<bool> Remove(string name);

    [ReadOnly]
    Task<IReadOnlyList<SavedList>> List();
}
