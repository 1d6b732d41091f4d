using Npgsql;

namespace Attendance.Server.Storage;

/// <summary>The retention job's work on the append-only tables, which let only attendance_retention delete (<c>deploy/sql/009-roles.sql</c>).</summary>
internal static class RetentionTransaction
{
    /// <summary>
    /// Runs <paramref name="work"/> in one transaction as attendance_retention: refused unless the connection's login
    /// may take that role (the retention job's own, or the schema owner's in the embedded default).
    /// </summary>
    public static async Task<T> AsRetention<T>(this NpgsqlDataSource source, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var role = new NpgsqlCommand("SET LOCAL ROLE attendance_retention", connection, transaction))
        {
            await role.ExecuteNonQueryAsync(cancellationToken);
        }

        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// A whole trust's years of lines in one statement: not a request someone waits on, so not held to the few seconds
    /// of Attendance:DatabaseTimeout.
    /// </summary>
    public static NpgsqlCommand Deleting(string sql, NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        new(sql, connection, transaction) { CommandTimeout = (int)TimeSpan.FromMinutes(10).TotalSeconds };
}
