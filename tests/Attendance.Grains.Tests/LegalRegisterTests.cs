using Attendance.Server.Access;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Storage;
using Attendance.Testing;
using Npgsql;
using Attendance.Grains.Registers;
using static Attendance.Grains.Tests.TestSchool;

namespace Attendance.Grains.Tests;

/// <summary>The append-only legal register in a real PostgreSQL server, written by the pupils' grains.</summary>
[Trait(TestCategory.Name, TestCategory.Postgres)]
public class LegalRegisterTests
{
    [Fact]
    public async Task Every_mark_and_amendment_is_a_line_with_who_role_and_source_and_an_amendment_keeps_the_original()
    {
        TestClock.Instance.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var (connectionString, serviceId) = await Clusters.NewDatabaseAsync();
        await using var cluster = await Clusters.StartAsync(connectionString, serviceId);
        var school = await new TestSchool(cluster.GrainFactory).CreateAsync();

        Assert.True((await school.Class("3B").SubmitRegister(Register(Today, "/", "L", "N"))).Accepted);
        Assert.True((await school.Class("3B").Amend(new Amendment(Upn(3), Today, "I", "Parent phoned: ill", Officer))).Accepted);
        Assert.True((await school.Pupil(Upn(4)).RecordArrival(new Arrival(Upn(4), new DateTimeOffset(2026, 11, 10, 8, 50, 0, TimeSpan.Zero)))).Accepted);

        var lines = await new PostgresLegalRegister(NpgsqlDataSource.Create(connectionString)).Read(school.Id, Today.Date, Today.Date);
        Assert.Equal(
            [(Upn(1), 1, "/", MarkSource.Register), (Upn(2), 1, "L", MarkSource.Register), (Upn(3), 1, "N", MarkSource.Register),
             (Upn(3), 2, "I", MarkSource.Office), (Upn(4), 1, "/", MarkSource.Gate)],
            lines.Select(l => (l.Upn, l.EntryNo, l.Code, l.Source)));
        Assert.All(lines.Take(3), l => Assert.Equal((Teacher.Name, Teacher.Position), (l.RecordedBy, l.RecordedRole)));

        var amendment = lines[3];
        Assert.Equal((Officer.Name, Officer.Position, "Parent phoned: ill"), (amendment.RecordedBy, amendment.RecordedRole, amendment.Reason));
        Assert.Equal((1, "N", Teacher.Name, lines[2].RecordedAt), (amendment.AmendsEntryNo, amendment.OriginalCode, amendment.OriginalRecordedBy, amendment.OriginalRecordedAt));
        Assert.Equal(new TimeOnly(8, 50), lines[4].ArrivedAt);
        Assert.Equal([lines[2], lines[3]], await new PostgresLegalRegister(NpgsqlDataSource.Create(connectionString)).History(school.Id, Upn(3), Today));
    }

    [Fact]
    public async Task Refused_marks_and_resends_write_no_line()
    {
        TestClock.Instance.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var (connectionString, serviceId) = await Clusters.NewDatabaseAsync();
        await using var cluster = await Clusters.StartAsync(connectionString, serviceId);
        var school = await new TestSchool(cluster.GrainFactory).CreateAsync();
        Assert.True((await school.Class("3B").Mark(new SingleMark(Upn(1), Today, "/", Teacher))).Accepted);
        Assert.Equal(1, await Database.CountRows(connectionString, "attendance_register"));

        Assert.False((await school.Class("3B").Mark(new SingleMark(Upn(1), Today, "O", Teacher))).Accepted);
        Assert.False((await school.Class("3B").Mark(new SingleMark(Upn(2), Today, "Z9", Teacher))).Accepted);
        Assert.False((await school.Class("3B").Amend(new Amendment(Upn(2), Today, "I", "No mark yet", Officer))).Accepted);
        Assert.False((await school.Class("3B").SubmitRegister(Register(Today, "/", "/"))).Accepted);
        Assert.True((await school.Class("3B").Mark(new SingleMark(Upn(1), Today, "/", Teacher))).Accepted);

        Assert.Equal(1, await Database.CountRows(connectionString, "attendance_register"));
    }

    [Fact]
    public async Task A_silo_killed_before_its_journal_commits_a_mark_never_acknowledged_it_and_the_pupil_and_table_agree()
    {
        TestClock.Instance.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var (connectionString, serviceId) = await Clusters.NewDatabaseAsync();
        string schoolId;

        var first = await Clusters.StartAsync(connectionString, serviceId);
        try
        {
            var school = await new TestSchool(first.GrainFactory).CreateAsync();
            schoolId = school.Id;
            var stopped = CrashPoint.Arm();
            var marking = school.Class("3B").Mark(new SingleMark(Upn(1), Today, "M", Officer));
            await stopped.WaitAsync(TimeSpan.FromSeconds(30));
            await first.KillSiloAsync(first.Primary!);
            Assert.False(marking.IsCompletedSuccessfully); // never acknowledged
        }
        finally
        {
            CrashPoint.Disarm();
            await first.DisposeAsync();
        }

        // One write per mark: there is no stored-but-not-written state to repair. Not committed, so not recorded,
        // and the office's resend records it exactly once.
        await using var next = await Clusters.StartAsync(connectionString, serviceId);
        Assert.Null(await next.GrainFactory.GetPupil(schoolId, Upn(1)).GetMark(Today));
        Assert.Equal(0, await Database.CountRows(connectionString, "attendance_register"));
        Assert.True((await next.GrainFactory.GetClass(schoolId, "3B").Mark(new SingleMark(Upn(1), Today, "M", Officer))).Accepted);
        Assert.True((await next.GrainFactory.GetClass(schoolId, "3B").Mark(new SingleMark(Upn(1), Today, "M", Officer))).Accepted);
        Assert.Equal("M", (await next.GrainFactory.GetPupil(schoolId, Upn(1)).GetMark(Today))?.Code);
        Assert.Equal(1, await Database.CountRows(connectionString, "attendance_register"));
    }

    [Fact]
    public async Task The_table_refuses_updates_and_deletes_and_the_retention_purge_removes_only_lines_made_before_the_cutoff()
    {
        var (connectionString, _) = await Clusters.NewDatabaseAsync();
        var register = new PostgresLegalRegister(NpgsqlDataSource.Create(connectionString));
        var journal = await Journals.StartAsync(connectionString);
        var cutoff = new DateTimeOffset(2020, 11, 22, 0, 0, 0, TimeSpan.Zero);
        LegalRegisterLine Line(string school, int no, DateTimeOffset at) => new(
            school, Upn(1), no, new Session(DateOnly.FromDateTime(at.UtcDateTime), SessionPart.AM), "/", MarkSource.Import,
            "MIS import", "Import", at, null, null, null, null, null, null);
        await journal.Append(new JournalAppend("a", Upn(1), [Line("a", 1, cutoff.AddTicks(-1)), Line("a", 2, cutoff)], []));
        await journal.Append(new JournalAppend("b", Upn(1), [Line("b", 1, cutoff.AddYears(-1)), Line("b", 2, cutoff.AddDays(1))], []));

        // Imported with an old recorded time for a session of this year: kept by its session's date.
        await journal.Append(new JournalAppend("c", Upn(1), [Line("c", 1, cutoff.AddYears(-1)) with { Session = new Session(new DateOnly(2026, 11, 9), SessionPart.AM) }], []));

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var change in new[] { "UPDATE attendance_register SET code = 'O'", "DELETE FROM attendance_register", "TRUNCATE attendance_register" })
        {
            await using var command = new NpgsqlCommand(change, connection);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", refused.MessageText);
        }

        var purged = await register.Purge(DateOnly.FromDateTime(cutoff.UtcDateTime), cutoff);

        Assert.Equal(new Dictionary<string, int> { ["a"] = 1, ["b"] = 1 }, purged);
        Assert.Single(await register.Read("c", DateOnly.MinValue, DateOnly.MaxValue));
        Assert.Equal([("a", 2), ("b", 2)], (await register.Read("a", DateOnly.MinValue, DateOnly.MaxValue))
            .Concat(await register.Read("b", DateOnly.MinValue, DateOnly.MaxValue)).Select(l => (l.SchoolId, l.EntryNo)));
    }

    [Fact]
    public async Task The_services_login_can_neither_switch_the_guard_off_nor_delete_and_only_the_retention_login_purges()
    {
        var (connectionString, _) = await Clusters.NewDatabaseAsync();
        var journal = await Journals.StartAsync(connectionString);
        var old = new DateTimeOffset(2019, 11, 22, 9, 0, 0, TimeSpan.Zero);
        await journal.Append(new JournalAppend("a", Upn(1), [new LegalRegisterLine(
            "a", Upn(1), 1, new Session(new DateOnly(2019, 11, 22), SessionPart.AM), "/", MarkSource.Import, "MIS import", "Import", old, null, null, null, null, null, null)], []));

        // The logins a trust's DBA makes (deploy/sql/009-roles.sql): the service's, and the retention job's.
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (app, purge) = ($"app_{suffix}", $"purge_{suffix}");
        await Execute(connectionString, $"CREATE ROLE {app} LOGIN IN ROLE attendance_writer; CREATE ROLE {purge} LOGIN IN ROLE attendance_retention");
        string As(string login) => new NpgsqlConnectionStringBuilder(connectionString) { Username = login }.ConnectionString;

        foreach (var attempt in new[]
        {
            "ALTER TABLE attendance_register DISABLE TRIGGER attendance_register_no_change",
            "DROP TRIGGER attendance_register_no_change ON attendance_register",
            "SET attendance.retention_purge = 'on'; DELETE FROM attendance_register",
            "SET ROLE attendance_retention; DELETE FROM attendance_register",
            "UPDATE attendance_register SET code = 'N'",
            "TRUNCATE attendance_register",
        })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => Execute(As(app), attempt));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }

        // The service's own purge is refused too; the retention login's removes the line.
        await Assert.ThrowsAsync<PostgresException>(() => new PostgresLegalRegister(NpgsqlDataSource.Create(As(app))).Purge(new DateOnly(2020, 11, 22), old.AddYears(1)));
        Assert.Equal(1, await Database.CountRows(connectionString, "attendance_register"));
        var purged = await new PostgresLegalRegister(NpgsqlDataSource.Create(As(app)), NpgsqlDataSource.Create(As(purge))).Purge(new DateOnly(2020, 11, 22), old.AddYears(1));
        Assert.Equal(new Dictionary<string, int> { ["a"] = 1 }, purged);
        Assert.Equal(0, await Database.CountRows(connectionString, "attendance_register"));

        // Who read a pupil's record: the service appends and reads it, never changes it; the retention login purges it.
        var reads = new PostgresPupilReads(NpgsqlDataSource.Create(As(app)), NpgsqlDataSource.Create(As(purge)));
        await reads.Record(new PupilRead("a", Upn(1), PupilReadKind.PupilPage, WithContacts: true, "Mr Jones", "Attendance officer", old));
        Assert.Equal("PupilPage Mr Jones", Assert.Single(await reads.Of("a", Upn(1))) is var read ? $"{read.What} {read.By}" : null);
        foreach (var attempt in new[] { "DELETE FROM pupil_reads", "UPDATE pupil_reads SET read_by = 'nobody'" })
        {
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await Assert.ThrowsAsync<PostgresException>(() => Execute(As(app), attempt))).SqlState);
        }

        Assert.Equal(1, await reads.Purge(old.AddYears(1)));
        Assert.Empty(await reads.Of("a", Upn(1)));
    }

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
