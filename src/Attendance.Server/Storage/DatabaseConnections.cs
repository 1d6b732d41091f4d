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
    /// <summary>
    /// The connection string with <c>Maximum Pool Size</c> set to <paramref name="perPool"/>, and the connect and
    /// command timeouts to <paramref name="timeout"/>, unless it sets them itself: a database that stops answering
    /// (a network partition, a frozen server) fails a request after a few seconds instead of holding it for the
    /// driver's defaults (15 s to connect, 30 s per command).
    /// </summary>
    public static string Bounded(string connectionString, int perPool, TimeSpan timeout)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Sets(params string[] keys) => given.Keys.Cast<string>().Any(k => keys.Any(key => k.Equals(key, StringComparison.OrdinalIgnoreCase)));
        var bounded = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Sets("Maximum Pool Size", "MaxPoolSize"))
        {
            bounded.MaxPoolSize = perPool;
        }

        var seconds = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
        if (!Sets("Timeout"))
        {
            bounded.Timeout = seconds;
        }

        if (!Sets("Command Timeout", "CommandTimeout"))
        {
            bounded.CommandTimeout = seconds;
        }

        return bounded.ConnectionString;
    }
}
