using Attendance.Server.Access;
using Npgsql;

namespace Attendance.Server.Storage;

/// <summary>Who read pupils' records, in <c>pupil_reads</c> (<c>deploy/sql/008-pupil-reads.sql</c>).</summary>
/// <param name="retention">The retention job's connection, as for the legal register (<see cref="PostgresLegalRegister"/>).</param>
public sealed class PostgresPupilReads(NpgsqlDataSource database, NpgsqlDataSource? retention = null) : IPupilReads
{
    public async Task Record(PupilRead read, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(
            "INSERT INTO pupil_reads (school_id, upn, what, with_contacts, read_by, read_role, read_at) VALUES ($1, $2, $3, $4, $5, $6, $7)");
        command.Parameters.Add(new NpgsqlParameter { Value = read.SchoolId });
        command.Parameters.Add(new NpgsqlParameter { Value = read.Upn });
        command.Parameters.Add(new NpgsqlParameter { Value = read.What.ToString() });
        command.Parameters.Add(new NpgsqlParameter { Value = read.WithContacts });
        command.Parameters.Add(new NpgsqlParameter { Value = read.By });
        command.Parameters.Add(new NpgsqlParameter { Value = read.Role });
        command.Parameters.Add(new NpgsqlParameter { Value = read.At.ToUniversalTime() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<PupilRead>> Of(string schoolId, string upn, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(
            "SELECT what, with_contacts, read_by, read_role, read_at FROM pupil_reads WHERE school_id = $1 AND upn = $2 ORDER BY read_at, id");
        command.Parameters.Add(new NpgsqlParameter { Value = schoolId });
        command.Parameters.Add(new NpgsqlParameter { Value = upn });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var reads = new List<PupilRead>();
        while (await reader.ReadAsync(cancellationToken))
        {
            reads.Add(new PupilRead(schoolId, upn, Enum.Parse<PupilReadKind>(reader.GetString(0)), reader.GetBoolean(1), reader.GetString(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return reads;
    }

    public Task<int> Purge(DateTimeOffset madeBefore, CancellationToken cancellationToken = default) =>
        (retention ?? database).AsRetention(async (connection, transaction) =>
        {
            await using var delete = RetentionTransaction.Deleting("DELETE FROM pupil_reads WHERE read_at < $1", connection, transaction);
            delete.Parameters.Add(new NpgsqlParameter { Value = madeBefore.ToUniversalTime() });
            return await delete.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
}
