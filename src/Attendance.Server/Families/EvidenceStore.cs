using System.Collections.Concurrent;

namespace Attendance.Server.Families;

/// <summary>
/// The content of the files parents send as evidence, kept apart from the reports that list them (a grain's state is
/// no place for photos): in PostgreSQL with a database (<see cref="Storage.PostgresEvidenceStore"/>), in memory
/// without. Only the server writes and reads it, after the checks of <see cref="EvidenceApi"/>.
/// </summary>
public interface IEvidenceStore
{
    /// <param name="upn">The pupil it is about, kept with it (for a subject access request, and a purge by pupil).</param>
    Task Save(string schoolId, string upn, string id, byte[] content, CancellationToken cancellationToken = default);

    /// <summary>The file's content, or null when none is kept under that id.</summary>
    Task<byte[]?> Read(string schoolId, string id, CancellationToken cancellationToken = default);

    Task Delete(string schoolId, string id, CancellationToken cancellationToken = default);
}

public sealed class InMemoryEvidenceStore : IEvidenceStore
{
    private readonly ConcurrentDictionary<(string, string), byte[]> files = new();

    /// <summary>How many files are kept (what a test checks nothing was left behind with).</summary>
    public int Count => files.Count;

    public Task Save(string schoolId, string upn, string id, byte[] content, CancellationToken cancellationToken = default)
    {
        files[(schoolId, id)] = content;
        return Task.CompletedTask;
    }

    public Task<byte[]?> Read(string schoolId, string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(files.GetValueOrDefault((schoolId, id)));

    public Task Delete(string schoolId, string id, CancellationToken cancellationToken = default)
    {
        files.TryRemove((schoolId, id), out _);
        return Task.CompletedTask;
    }
}
