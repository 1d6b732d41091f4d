using Attendance.Server.Families;
using Npgsql;

namespace Attendance.Server.Storage;

/// <summary>The files parents sent as evidence, in <c>evidence_files</c> (<c>deploy/sql/010-evidence.sql</c>).</summary>
public sealed class PostgresEvidenceStore(NpgsqlDataSource database) : IEvidenceStore
{
    public async Task Save(string schoolId, string upn, string id, byte[] content, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("INSERT INTO evidence_files (school_id, upn, id, content) VALUES ($1, $2, $3, $4)");
        command.Parameters.Add(new NpgsqlParameter { Value = schoolId });
        command.Parameters.Add(new NpgsqlParameter { Value = upn });
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = content });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<byte[]?> Read(string schoolId, string id, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("SELECT content FROM evidence_files WHERE school_id = $1 AND id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = schoolId });
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    public async Task Delete(string schoolId, string id, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("DELETE FROM evidence_files WHERE school_id = $1 AND id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = schoolId });
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
