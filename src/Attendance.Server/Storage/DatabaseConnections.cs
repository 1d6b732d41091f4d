using System.Data.Common;
using Npgsql;

namespace Attendance.Server.Storage;

/// <summary>
/// Bounds how many connections a silo opens. Npgsql pools up to 100 connections per connection string by default;
/// a silo has two pools (Orleans' providers, the legal register), so three silos in a morning storm could ask for
/// 600, far beyond PostgreSQL's default <c>max_connections</c> of 100, and marks would fail with "too many clients".
/// A bounded pool makes a busy silo wait for a connection instead.
/// </summary>
public static class DatabaseConnections
{
    private const string PoolSizeKey = "Maximum Pool Size";

    /// <summary>The connection string with <c>Maximum Pool Size</c> set to <paramref name="perPool"/>, unless it sets one itself.</summary>
    public static string Bounded(string connectionString, int perPool)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.Keys.Cast<string>().Any(k => k.Equals(PoolSizeKey, StringComparison.OrdinalIgnoreCase)))
        {
            return connectionString;
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = perPool }.ConnectionString;
    }
}
