using Attendance.Domain;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Attendance.Grains.Registers;

namespace Attendance.Server.Storage;

/// <summary>The legal register in PostgreSQL (<c>deploy/sql/005-legal-register.sql</c>) as the school reads it; <see cref="PostgresRegisterJournal"/> writes it.</summary>
/// <param name="retention">
/// The retention job's connection (<c>ConnectionStrings:AttendanceRetention</c>, a member of attendance_retention):
/// the only one the table lets delete. Without it, the service's own, which may purge only if it is the schema's owner
/// (the embedded default); a deployment's service login may not, and its purge fails saying so in the log.
/// </param>
public sealed class PostgresLegalRegister(NpgsqlDataSource database, NpgsqlDataSource? retention = null) : ILegalRegister
{
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

    public Task<IReadOnlyDictionary<string, int>> Purge(DateOnly sessionsUpTo, DateTimeOffset madeBefore, CancellationToken cancellationToken = default) =>
        (retention ?? database).AsRetention<IReadOnlyDictionary<string, int>>(async (connection, transaction) =>
        {
            await using var delete = RetentionTransaction.Deleting(
                "WITH gone AS (DELETE FROM attendance_register WHERE session_date <= @sessions AND recorded_at < @before RETURNING school_id) " +
                "SELECT school_id, count(*)::int FROM gone GROUP BY school_id",
                connection,
                transaction);
            delete.Parameters.AddWithValue("sessions", sessionsUpTo);
            delete.Parameters.AddWithValue("before", madeBefore.ToUniversalTime());
            var purged = new Dictionary<string, int>();
            await using var reader = await delete.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                purged[reader.GetString(0)] = reader.GetInt32(1);
            }

            return purged;
        }, cancellationToken);

    private async Task<IReadOnlyList<LegalRegisterLine>> Query(string where, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = database.CreateCommand($"SELECT {RegisterLines.Columns} FROM attendance_register WHERE {where}");
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await RegisterLines.ReadAll(reader, cancellationToken);
    }
}

public static class PostgresLegalRegisterServices
{
    /// <summary>The retention job's login (a member of attendance_retention, <c>deploy/sql/009-roles.sql</c>).</summary>
    public const string RetentionConnectionStringName = "AttendanceRetention";

    /// <summary>
    /// Replaces the in-memory journal and legal register with PostgreSQL's. Call before the silo is added: hosted
    /// services stop in reverse order, so the journal writer commits what is queued after the silo has stopped.
    /// </summary>
    public static IServiceCollection AddPostgresJournal(this IServiceCollection services, string connectionString, IConfiguration? configuration = null)
    {
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton<PostgresRegisterJournal>();
        services.AddHostedService(s => s.GetRequiredService<PostgresRegisterJournal>());
        services.Replace(ServiceDescriptor.Singleton<IRegisterJournal>(s => s.GetRequiredService<PostgresRegisterJournal>()));
        var retention = configuration?.GetConnectionString(RetentionConnectionStringName) is { Length: > 0 } purge ? NpgsqlDataSource.Create(purge) : null;
        services.Replace(ServiceDescriptor.Singleton<ILegalRegister>(s => new PostgresLegalRegister(s.GetRequiredService<NpgsqlDataSource>(), retention)));
        services.Replace(ServiceDescriptor.Singleton<Access.IPupilReads>(s => new PostgresPupilReads(s.GetRequiredService<NpgsqlDataSource>(), retention)));
        services.Replace(ServiceDescriptor.Singleton<Families.IEvidenceStore>(s => new PostgresEvidenceStore(s.GetRequiredService<NpgsqlDataSource>())));
        return services;
    }
}
