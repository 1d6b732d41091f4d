using Attendance.Grains.Abstractions;
using Attendance.Server.Storage;
using Attendance.Testing;
using Npgsql;
using static Attendance.Grains.Tests.TestSchool;

namespace Attendance.Grains.Tests;

/// <summary>Grain state in a real PostgreSQL server through Orleans' ADO.NET provider and our schema.</summary>
public class PostgresPersistenceTests
{
    [Fact]
    public async Task Marks_amendments_and_roster_survive_a_cluster_restart()
    {
        TestClock.Instance.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        await new PostgresSchema(connectionString).ApplyAsync();
        var serviceId = $"svc-{Guid.NewGuid():N}";
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
            ["CleanupDefunctSiloEntriesKey", "ClearStorageKey", "DeleteMembershipTableEntriesKey", "DeleteStorageKey",
             "GatewaysQueryKey", "InsertMembershipKey", "InsertMembershipVersionKey", "MembershipReadAllKey",
             "MembershipReadRowKey", "ReadFromStorageKey", "UpdateIAmAlivetimeKey", "UpdateMembershipKey", "WriteToStorageKey"],
            keys);
    }
}
