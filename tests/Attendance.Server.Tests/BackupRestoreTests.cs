using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>
/// Backing up the register as README "Backup and restore" says (pg_dump, custom format) and restoring it into a fresh
/// database gives a server whose legal register export is byte for byte the one before.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Postgres)]
public class BackupRestoreTests
{
    private const string Today = "2026-11-10-AM";

    [Fact]
    public async Task A_dump_restored_into_a_fresh_database_gives_the_same_register_export_byte_for_byte()
    {
        var postgres = await PostgresServer.SharedAsync();
        var connectionString = await postgres.CreateDatabaseAsync();
        string schoolId;
        byte[] before;
        using (var first = new AttendanceServer(connectionString))
        {
            var school = await new SchoolApi(first.CreateClient()).CreateAsync();
            schoolId = school.Id;
            await SchoolApi.EnsureSuccess(await school.SubmitRegister(Today, "/", "L", "N"));
            await SchoolApi.EnsureSuccess(await school.Post("/pupils/T000000000003/amendments", new { session = Today, code = "I", reason = "Mother rang: flu" }));
            await SchoolApi.EnsureSuccess(await school.Post("/pupils/T000000000004/marks", new { session = Today, code = "M" }));
            before = await first.CreateClient().GetByteArrayAsync(school.Url("/register.csv?from=2026-09-01&to=2026-12-18"));
        }

        var dump = Path.Combine(Path.GetTempPath(), $"attendance-{Guid.NewGuid():N}.dump");
        try
        {
            await postgres.DumpAsync(connectionString, dump);
            var restored = await postgres.RestoreAsync(dump);

            using var second = new AttendanceServer(restored);
            var after = await second.CreateClient().GetByteArrayAsync(new SchoolApiFor(second.CreateClient(), schoolId).Url("/register.csv?from=2026-09-01&to=2026-12-18"));
            Assert.True(before.Length > 200, "The export has the register's lines.");
            Assert.Equal(before, after);
        }
        finally
        {
            File.Delete(dump);
        }
    }
}
