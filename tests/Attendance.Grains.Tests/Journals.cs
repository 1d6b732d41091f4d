using Attendance.Server.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Attendance.Grains.Hosting;

namespace Attendance.Grains.Tests;

/// <summary>A started PostgreSQL journal writer of its own, outside any silo, for tests of the journal itself.</summary>
public static class Journals
{
    public static async Task<PostgresRegisterJournal> StartAsync(string connectionString, JournalOptions? options = null)
    {
        var journal = new PostgresRegisterJournal(
            NpgsqlDataSource.Create(connectionString),
            Microsoft.Extensions.Options.Options.Create(options ?? new JournalOptions()),
            new AttendanceMetrics(TimeProvider.System),
            NullLogger<PostgresRegisterJournal>.Instance);
        await journal.StartAsync(CancellationToken.None);
        return journal;
    }
}
