using Attendance.Domain;
using Attendance.Grains;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Attendance.Server.Storage;

/// <summary>The legal register in PostgreSQL (<c>deploy/sql/005-legal-register.sql</c>): insert-only, one line per entry.</summary>
public sealed class PostgresLegalRegister(NpgsqlDataSource database) : ILegalRegister
{
    private const string Columns = """
        school_id, upn, entry_no, session_date, session_part, code, source, recorded_by, recorded_role, recorded_at,
        arrived_at, reason, amends_entry_no, original_code, original_recorded_by, original_recorded_at
        """;

    public async Task Append(IReadOnlyList<LegalRegisterLine> lines, CancellationToken cancellationToken = default)
    {
        // One statement for all of a call's lines; a line already there (a replay) is left as it is.
        await using var command = database.CreateCommand($"""
            INSERT INTO attendance_register ({Columns})
            SELECT * FROM unnest(@school, @upn, @no, @date, @part, @code, @source, @by, @role, @at, @arrived, @reason,
                                 @amends, @original_code, @original_by, @original_at)
            ON CONFLICT (school_id, upn, entry_no) DO NOTHING
            """);
        Add(command, "school", lines, l => l.SchoolId);
        Add(command, "upn", lines, l => l.Upn);
        Add(command, "no", lines, l => l.EntryNo);
        Add(command, "date", lines, l => l.Session.Date);
        Add(command, "part", lines, l => l.Session.Part.ToString());
        Add(command, "code", lines, l => l.Code);
        Add(command, "source", lines, l => l.Source.ToString());
        Add(command, "by", lines, l => l.RecordedBy);
        Add(command, "role", lines, l => l.RecordedRole);
        Add(command, "at", lines, l => l.RecordedAt.ToUniversalTime());
        Add(command, "arrived", lines, l => l.ArrivedAt);
        Add(command, "reason", lines, l => l.Reason);
        Add(command, "amends", lines, l => l.AmendsEntryNo);
        Add(command, "original_code", lines, l => l.OriginalCode);
        Add(command, "original_by", lines, l => l.OriginalRecordedBy);
        Add(command, "original_at", lines, l => l.OriginalRecordedAt?.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<IReadOnlyList<LegalRegisterLine>> Read(string schoolId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        Query(
            "school_id = @school AND session_date BETWEEN @from AND @to ORDER BY session_date, session_part, upn, entry_no",
            cancellationToken,
            new NpgsqlParameter("school", schoolId),
            new NpgsqlParameter("from", from),
            new NpgsqlParameter("to", to));

    public Task<IReadOnlyList<LegalRegisterLine>> History(string schoolId, string upn, Session session, CancellationToken cancellationToken = default) =>
        Query(
            "school_id = @school AND upn = @upn AND session_date = @date AND session_part = @part ORDER BY entry_no",
            cancellationToken,
            new NpgsqlParameter("school", schoolId),
            new NpgsqlParameter("upn", upn),
            new NpgsqlParameter("date", session.Date),
            new NpgsqlParameter("part", session.Part.ToString()));

    public async Task<IReadOnlyDictionary<string, int>> Purge(DateTimeOffset madeBefore, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var allow = new NpgsqlCommand("SET LOCAL attendance.retention_purge = 'on'", connection, transaction))
        {
            await allow.ExecuteNonQueryAsync(cancellationToken);
        }

        var purged = new Dictionary<string, int>();
        await using (var delete = new NpgsqlCommand(
            "WITH gone AS (DELETE FROM attendance_register WHERE recorded_at < @before RETURNING school_id) SELECT school_id, count(*)::int FROM gone GROUP BY school_id",
            connection,
            transaction))
        {
            delete.Parameters.AddWithValue("before", madeBefore.ToUniversalTime());
            await using var reader = await delete.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                purged[reader.GetString(0)] = reader.GetInt32(1);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return purged;
    }

    private async Task<IReadOnlyList<LegalRegisterLine>> Query(string where, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM attendance_register WHERE {where}");
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var lines = new List<LegalRegisterLine>();
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(new LegalRegisterLine(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetInt32(2),
                new Session(reader.GetFieldValue<DateOnly>(3), Enum.Parse<SessionPart>(reader.GetString(4))),
                reader.GetString(5),
                Enum.Parse<MarkSource>(reader.GetString(6)),
                reader.GetString(7),
                reader.GetString(8),
                reader.GetFieldValue<DateTimeOffset>(9),
                reader.IsDBNull(10) ? null : reader.GetFieldValue<TimeOnly>(10),
                reader.IsDBNull(11) ? null : reader.GetString(11),
                reader.IsDBNull(12) ? null : reader.GetInt32(12),
                reader.IsDBNull(13) ? null : reader.GetString(13),
                reader.IsDBNull(14) ? null : reader.GetString(14),
                reader.IsDBNull(15) ? null : reader.GetFieldValue<DateTimeOffset>(15)));
        }

        return lines;
    }

    /// <summary>One column of the lines as an array parameter, for <c>unnest</c>.</summary>
    private static void Add<T>(NpgsqlCommand command, string name, IReadOnlyList<LegalRegisterLine> lines, Func<LegalRegisterLine, T> column) =>
        command.Parameters.Add(new NpgsqlParameter<T[]>(name, [.. lines.Select(column)]));
}

public static class PostgresLegalRegisterServices
{
    /// <summary>Replaces the in-memory legal register with the PostgreSQL table.</summary>
    public static IServiceCollection AddPostgresLegalRegister(this IServiceCollection services, string connectionString)
    {
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.Replace(ServiceDescriptor.Singleton<ILegalRegister, PostgresLegalRegister>());
        return services;
    }
}
