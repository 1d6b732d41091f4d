using System.Reflection;
using Npgsql;

namespace Attendance.Server.Storage;

/// <summary>
/// Applies the database schema in <c>deploy/sql</c> (embedded in this assembly): the tables and named queries that
/// Orleans' ADO.NET providers use, and ours. Cluster membership and reminders may live in a database of their own
/// (<see cref="ClusterConnectionString"/>): it gets the Orleans query table and the clustering and reminder scripts,
/// the attendance database the rest. Every script is idempotent, and an advisory lock keeps silos that start
/// together from applying it at the same time.
/// </summary>
public sealed class PostgresSchema(string connectionString, string? clusterConnectionString = null)
{
    public const string Invariant = "Npgsql";

    // Any fixed number: it names the lock "applying the attendance schema".
    private const long SchemaLockKey = 0x41_7474_656E_64;

    // The scripts every database needs, and those that belong with cluster membership rather than attendance data.
    private static readonly string[] Shared = ["001-", "009-"];
    private static readonly string[] Cluster = ["003-", "004-"];

    public string ConnectionString => connectionString;

    /// <summary>Where membership and reminders are kept: their own database when configured, else the attendance database.</summary>
    public string ClusterConnectionString => clusterConnectionString ?? connectionString;

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
        if (ClusterConnectionString == connectionString)
        {
            await ApplyAsync(connectionString, Scripts(), cancellationToken);
            return;
        }

        bool IsCluster(string name) => Cluster.Any(name.StartsWith);
        bool IsShared(string name) => Shared.Any(name.StartsWith);
        await ApplyAsync(ClusterConnectionString, [.. Scripts().Where(s => IsShared(s.Name) || IsCluster(s.Name))], cancellationToken);
        await ApplyAsync(connectionString, [.. Scripts().Where(s => !IsCluster(s.Name))], cancellationToken);
    }

    private static async Task ApplyAsync(string database, IReadOnlyList<(string Name, string Sql)> scripts, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({SchemaLockKey})", connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (_, sql) in scripts)
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
