using System.Reflection;
using Npgsql;

namespace Attendance.Server.Storage;

/// <summary>
/// Applies the database schema in <c>deploy/sql</c> (embedded in this assembly): the tables and named queries that
/// Orleans' ADO.NET providers use, and ours. Every script is idempotent, and an advisory lock keeps silos that start
/// together from applying it at the same time.
/// </summary>
public sealed class PostgresSchema(string connectionString)
{
    public const string Invariant = "Npgsql";

    // Any fixed number: it names the lock "applying the attendance schema".
    private const long SchemaLockKey = 0x41_7474_656E_64;

    public string ConnectionString => connectionString;

    public static IReadOnlyList<(string Name, string Sql)> Scripts()
    {
        var assembly = typeof(PostgresSchema).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("sql.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n["sql.".Length..], Read(assembly, n)))];
    }

    public async Task ApplyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({SchemaLockKey})", connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (_, sql) in Scripts())
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

public sealed class PostgresSchemaInitializer(PostgresSchema schema, ILogger<PostgresSchemaInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await schema.ApplyAsync(cancellationToken);
        logger.LogInformation("Database schema applied ({ScriptCount} scripts)", PostgresSchema.Scripts().Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
