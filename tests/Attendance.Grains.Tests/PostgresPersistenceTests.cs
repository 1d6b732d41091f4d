using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Storage;
using Attendance.Testing;
using Npgsql;
using static Attendance.Grains.Tests.TestSchool;

namespace Attendance.Grains.Tests;

/// <summary>Grain state in a real PostgreSQL server through Orleans' ADO.NET provider and our schema.</summary>
[Trait(TestCategory.Name, TestCategory.Postgres)]
public class PostgresPersistenceTests
{
    [Fact]
    public async Task Marks_amendments_and_roster_survive_a_cluster_restart()
    {
        TestClock.Instance.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var (connectionString, serviceId) = await Clusters.NewDatabaseAsync();
        string schoolId;

        await using (var first = await Clusters.StartAsync(connectionString, serviceId))
        {
            var school = await new TestSchool(first.GrainFactory).CreateAsync();
            schoolId = school.Id;
            Assert.True((await school.Class("3B").SubmitRegister(Register(Today, "/", "L", "N"))).Accepted);
            Assert.True((await school.Class("3B").Amend(new Amendment(Upn(3), Today, "I", "Parent phoned", Officer))).Accepted);
        }

        await using var second = await Clusters.StartAsync(connectionString, serviceId);
        var grains = second.GrainFactory;
        var history = await grains.GetPupil(schoolId, Upn(3)).GetHistory(Today);
        Assert.Equal(["N", "I"], history.Select(e => e.Code));
        Assert.Equal("Parent phoned", history[1].AmendmentReason);
        var summary = await grains.GetPupil(schoolId, Upn(2)).GetSummary(Today.Date, null);
        Assert.Equal((1, 1), (summary!.Attendance.Present, summary.Attendance.Late));
        var register = await grains.GetClass(schoolId, "3B").GetRegister(Today);
        Assert.Equal(RegisterState.Submitted, register!.State);
        Assert.Equal("3B", await grains.GetGrain<ISchoolGrain>(schoolId).FindClassOf(Upn(1)));

        // A second submission after the restart is still refused: the submission itself was stored.
        var again = await grains.GetClass(schoolId, "3B").SubmitRegister(Register(Today, "/", "/", "/"));
        Assert.Equal(RejectionReason.RegisterAlreadySubmitted, again.Rejection!.Reason);
    }

    [Fact]
    public async Task Stored_state_names_contracts_and_domain_records_but_never_the_grains_own_classes()
    {
        TestClock.Instance.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var (connectionString, serviceId) = await Clusters.NewDatabaseAsync();
        await using (var cluster = await Clusters.StartAsync(connectionString, serviceId))
        {
            var school = await new TestSchool(cluster.GrainFactory).CreateAsync();
            await new TestProvision(cluster.GrainFactory).CreateAsync(school);
            Assert.True((await school.Class("3B").SubmitRegister(Register(Today, "/", "L", "N"))).Accepted);
            Assert.True((await school.Class("3B").Amend(new Amendment(Upn(3), Today, "I", "Parent phoned", Officer))).Accepted);
        }

        // Orleans writes a type's full name (namespace and assembly) where the stored type differs from the declared one,
        // e.g. a List behind an IReadOnlyList of contracts: the contracts and domain records it names keep their
        // namespaces. The grains' own classes are never named, so they may follow their folders.
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT payloadbinary FROM orleansstorage", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var named = new HashSet<string>();
        var states = 0;
        while (await reader.ReadAsync())
        {
            states++;
            var payload = System.Text.Encoding.Latin1.GetString((byte[])reader[0]);
            named.UnionWith(System.Text.RegularExpressions.Regex.Matches(payload, @"Attendance\.[A-Za-z.`0-9]+").Select(m => m.Value));
        }

        Assert.True(states >= 5, $"only {states} grain states were stored");
        Assert.Contains(named, n => n.StartsWith("Attendance.Grains.Abstractions.", StringComparison.Ordinal)); // what the check looks for is there
        Assert.All(named, n => Assert.True(n.StartsWith("Attendance.Grains.Abstractions", StringComparison.Ordinal) || n.StartsWith("Attendance.Domain", StringComparison.Ordinal), n));
    }

    [Fact]
    public async Task A_provisions_arrival_reminder_survives_a_restart_and_raises_the_call_by_itself()
    {
        TestClock.Instance.Now = new DateTimeOffset(2026, 11, 10, 9, 0, 0, TimeSpan.Zero);
        var (connectionString, serviceId) = await Clusters.NewDatabaseAsync();
        var checkEvery = TimeSpan.FromSeconds(2);
        string provisionId;

        await using (var first = await Clusters.StartAsync(connectionString, serviceId, checkEvery))
        {
            var school = await new TestSchool(first.GrainFactory).CreateAsync();
            provisionId = (await new TestProvision(first.GrainFactory).CreateAsync(school)).Id;
        }

        // The silo is down at 09:45. Nothing calls the provision after the restart: only its reminder can raise the call.
        TestClock.Instance.Now = new DateTimeOffset(2026, 11, 10, 9, 46, 0, TimeSpan.Zero);
        await using var second = await Clusters.StartAsync(connectionString, serviceId, checkEvery);
        var followUp = second.GrainFactory.GetGrain<IFollowUpGrain>(provisionId);
        var tasks = await Eventually.Until(() => followUp.List(new TaskQuery()), t => t.Count > 0, TimeSpan.FromSeconds(30));

        var call = Assert.Single(tasks);
        Assert.Equal((FollowUpKind.CallParent, Upn(1)), (call.Kind, call.Upn));
    }

    [Fact]
    public async Task A_crossing_saved_with_its_mark_reaches_the_inbox_exactly_once_across_restarts()
    {
        TestClock.Instance.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var (connectionString, serviceId) = await Clusters.NewDatabaseAsync();
        var query = new AlertQuery(IncludeClosed: true);
        string schoolId;

        await using (var first = await Clusters.StartAsync(connectionString, serviceId))
        {
            var school = await new TestSchool(first.GrainFactory).CreateAsync();
            schoolId = school.Id;
            await school.ImportHistory(1, [.. Enumerable.Range(3, 4).Select(day => (new Session(new DateOnly(2026, 11, day), SessionPart.AM), "O"))
                .Concat(Enumerable.Range(3, 4).Select(day => (new Session(new DateOnly(2026, 11, day), SessionPart.PM), "O")))
                .Append((new Session(new DateOnly(2026, 11, 9), SessionPart.AM), "G"))]);
            await school.Class("3B").Mark(new SingleMark(Upn(1), Today, "O", Officer));
            Assert.Single(await first.GrainFactory.GetGrain<IAlertInboxGrain>(schoolId).List(new AlertQuery(Kind: CrossingKind.PenaltyNoticeThreshold)));
        }

        // As if the silo had died after committing the mark (and its crossing) but before the inbox saved the alert:
        // the inbox has nothing, and the outbox row was never marked delivered.
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var delete = new NpgsqlCommand("DELETE FROM orleansstorage WHERE graintypestring = 'alerts'", connection);
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
            await using var undeliver = new NpgsqlCommand("UPDATE alert_outbox SET delivered_at = NULL WHERE kind = 'PenaltyNoticeThreshold'", connection);
            Assert.Equal(1, await undeliver.ExecuteNonQueryAsync());
        }

        await using (var second = await Clusters.StartAsync(connectionString, serviceId))
        {
            var inbox = second.GrainFactory.GetGrain<IAlertInboxGrain>(schoolId);
            Assert.Empty(await inbox.List(query));

            // The pupil's next activation sends the crossing it saved with the mark.
            await second.GrainFactory.GetPupil(schoolId, Upn(1)).GetMark(Today);
            var redelivered = await Eventually.Until(() => inbox.List(query), alerts => alerts.Count > 0);
            Assert.Contains(redelivered, a => a.Id == $"{Upn(1)}-PenaltyNoticeThreshold-1");
        }

        await using var third = await Clusters.StartAsync(connectionString, serviceId);
        var grains = third.GrainFactory;
        var before = await grains.GetGrain<IAlertInboxGrain>(schoolId).List(query);
        await grains.GetClass(schoolId, "3B").Mark(new SingleMark(Upn(1), Today, "O", Officer));
        await Task.Delay(500); // time for the activation's resend, which must change nothing
        Assert.Equal(before.Select(a => a.Id).Order(), (await grains.GetGrain<IAlertInboxGrain>(schoolId).List(query)).Select(a => a.Id).Order());
    }

    [Fact]
    public async Task The_schema_applies_twice_without_error_and_defines_the_provider_queries()
    {
        var connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        var schema = new PostgresSchema(connectionString);

        await schema.ApplyAsync();
        await Task.WhenAll(schema.ApplyAsync(), schema.ApplyAsync());

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT querykey FROM orleansquery ORDER BY querykey", connection);
        var keys = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }
        }

        Assert.Equal(
            ["CleanupDefunctSiloEntriesKey", "ClearStorageKey", "DeleteMembershipTableEntriesKey", "DeleteReminderRowKey",
             "DeleteReminderRowsKey", "DeleteStorageKey",
             "GatewaysQueryKey", "InsertMembershipKey", "InsertMembershipVersionKey", "MembershipReadAllKey",
             "MembershipReadRowKey", "ReadFromStorageKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey",
             "ReadReminderRowsKey", "UpdateIAmAlivetimeKey", "UpdateMembershipKey", "UpsertReminderRowKey", "WriteToStorageKey"],
            keys);
    }
}
