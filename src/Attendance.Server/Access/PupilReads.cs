using System.Collections.Concurrent;
using System.Security.Claims;

namespace Attendance.Server.Access;

/// <summary>What of a pupil's record was read.</summary>
public enum PupilReadKind
{
    /// <summary>Their details and figures (GET /pupils/{upn}).</summary>
    PupilRecord,

    /// <summary>Their page: details, the year, entries, and for those who call home their contacts.</summary>
    PupilPage,

    /// <summary>A provision's view of its guest across both settings.</summary>
    GuestRecord,

    /// <summary>Their Common Transfer File, for the next school.</summary>
    CommonTransferFile,

    /// <summary>Everything held about them, for a subject access request.</summary>
    SubjectAccessExport,

    /// <summary>A file their parent sent as evidence for an absence (often about their health).</summary>
    AbsenceEvidence,

    /// <summary>A penalty-notice case's evidence pack for the local authority.</summary>
    PenaltyEvidencePack,
}

/// <summary>One reading of a pupil's record: who (name and role), when, what, and whether it showed their family's contacts.</summary>
public sealed record PupilRead(string SchoolId, string Upn, PupilReadKind What, bool WithContacts, string By, string Role, DateTimeOffset At);

/// <summary>
/// Who read pupils' records (UK GDPR accountability): appended as each record is answered, never changed, kept as long
/// as the legal register. In PostgreSQL with a database (<see cref="Storage.PostgresPupilReads"/>), in memory without.
/// </summary>
public interface IPupilReads
{
    Task Record(PupilRead read, CancellationToken cancellationToken = default);

    /// <summary>Every reading of one pupil's record, oldest first.</summary>
    Task<IReadOnlyList<PupilRead>> Of(string schoolId, string upn, CancellationToken cancellationToken = default);

    /// <summary>Removes readings made before <paramref name="madeBefore"/> (the retention job); returns how many.</summary>
    Task<int> Purge(DateTimeOffset madeBefore, CancellationToken cancellationToken = default);
}

public sealed class InMemoryPupilReads : IPupilReads
{
    private readonly ConcurrentQueue<PupilRead> reads = new();

    public Task Record(PupilRead read, CancellationToken cancellationToken = default)
    {
        reads.Enqueue(read);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PupilRead>> Of(string schoolId, string upn, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PupilRead>>([.. reads.Where(r => r.SchoolId == schoolId && r.Upn == upn)]);

    public Task<int> Purge(DateTimeOffset madeBefore, CancellationToken cancellationToken = default)
    {
        var kept = reads.Where(r => r.At >= madeBefore).ToList();
        var purged = reads.Count - kept.Count;
        reads.Clear();
        foreach (var read in kept)
        {
            reads.Enqueue(read);
        }

        return Task.FromResult(purged);
    }
}

public static class PupilReadLog
{
    /// <summary>Records that the signed-in user read this pupil's record, before the record is answered.</summary>
    public static Task Reading(this IPupilReads reads, ClaimsPrincipal principal, string schoolId, string upn, PupilReadKind what, bool withContacts, TimeProvider clock)
    {
        var staff = principal.Staff();
        return reads.Record(new PupilRead(schoolId, upn, what, withContacts, staff.Name, staff.Position, clock.GetUtcNow()));
    }
}
