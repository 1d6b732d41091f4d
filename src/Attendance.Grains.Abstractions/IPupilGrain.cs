using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>
/// One pupil at one school: their details and their register for the year, with running tallies.
/// The only writer of that pupil's register.
/// </summary>
public interface IPupilGrain : IGrainWithStringKey
{
    Task UpdateDetails(PupilDetails details);

    [ReadOnly]
    Task<PupilDetails?> GetDetails();

    /// <summary>Marks a session. Returns once the entry is durable.</summary>
    Task<PupilEntryResult> Mark(RegisterEntry entry);

    /// <summary>Amends a session's mark, keeping the original. Returns once the amendment is durable.</summary>
    Task<PupilEntryResult> Amend(RegisterEntry amendment);

    /// <summary>Brings in historic marks (e.g. from the previous MIS) for sessions not yet marked, in one write.</summary>
    Task<int> ImportHistory(IReadOnlyList<RegisterEntry> entries);

    [ReadOnly]
    Task<RegisterEntry?> GetMark(Session session);

    /// <summary>Every entry for a session, original first, amendments after.</summary>
    [ReadOnly]
    Task<IReadOnlyList<RegisterEntry>> GetHistory(Session session);

    /// <param name="today">The school's date, for today's marks.</param>
    /// <param name="currentWeek">The school week ending the rolling window; the latest marked week when null.</param>
    [ReadOnly]
    Task<PupilSummary?> GetSummary(DateOnly today, int? currentWeek);
}
