using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Attendance.Benchmarks.Storm;

/// <summary>
/// Reference (a): what a school would otherwise build. One ASP.NET Core minimal API process writing one row per mark
/// to the same attendance_register table with Npgsql (a register's rows in one transaction), and a dashboard
/// endpoint running an aggregate query. No roll, no codes, no rules: the cost of the plain write path only. Each
/// line takes the pupil's next entry number (an index lookup), as the legal register's numbering needs.
/// </summary>
internal static class PlainServer
{
    public const string Command = "--serve-plain";

    public sealed record ArrivalRequest(string Upn, DateTimeOffset ArrivedAt, string Session);

    public sealed record Mark(string Upn, string Code);

    public sealed record RegisterRequest(string Session, IReadOnlyList<Mark> Marks);

    public sealed record Counts(int Marked, int Present, int Late, int Absent);

    /// <summary>One line of the legal register, numbered next in the pupil's register; its parameters are <see cref="AddRow"/>'s.</summary>
    internal const string Insert = """
        INSERT INTO attendance_register (school_id, upn, entry_no, session_date, session_part, code, source, recorded_by, recorded_role, recorded_at, arrived_at, school_week)
        VALUES ($1, $2, (SELECT coalesce(max(entry_no), 0) + 1 FROM attendance_register WHERE school_id = $1 AND upn = $2),
                $3, $4, $5, $6, 'Reference', 'Attendance officer', now(), $7, 0)
        """;

    public static async Task RunAsync(string url, string connectionString)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(NpgsqlDataSource.Create(connectionString));
        var app = builder.Build();

        app.MapGet("/health", () => "ok");
        app.MapPost("/schools/{schoolId}/arrivals", async (string schoolId, ArrivalRequest arrival, NpgsqlDataSource db) =>
        {
            var (date, part) = Parse(arrival.Session);
            var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(arrival.ArrivedAt, England).DateTime);
            var code = local > new TimeOnly(9, 0) ? "L" : (part == "AM" ? "/" : "\\");
            await using var command = db.CreateCommand(Insert);
            AddRow(command.Parameters, schoolId, arrival.Upn, date, part, code, "Gate", local);
            await command.ExecuteNonQueryAsync();
            return Results.Ok();
        });
        app.MapPost("/schools/{schoolId}/registers", async (string schoolId, RegisterRequest register, NpgsqlDataSource db) =>
        {
            var (date, part) = Parse(register.Session);
            await using var connection = await db.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var mark in register.Marks)
            {
                var command = new NpgsqlBatchCommand(Insert);
                AddRow(command.Parameters, schoolId, mark.Upn, date, part, mark.Code, "Register", null);
                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
            return Results.Ok();
        });
        app.MapGet("/schools/{schoolId}/dashboard", (string schoolId, string session, NpgsqlDataSource db) =>
        {
            var (date, part) = Parse(session);
            return CountsAsync(db, schoolId, date, part);
        });
        await app.RunAsync();
    }

    /// <summary>A school's dashboard for one session: the aggregate query over its register lines.</summary>
    internal static async Task<Counts> CountsAsync(NpgsqlDataSource db, string schoolId, DateOnly date, string part)
    {
        await using var command = db.CreateCommand("""
            SELECT count(*)::int,
                   count(*) FILTER (WHERE code IN ('/', '\'))::int,
                   count(*) FILTER (WHERE code = 'L')::int,
                   count(*) FILTER (WHERE code IN ('N', 'I', 'M', 'O'))::int
            FROM attendance_register WHERE school_id = $1 AND session_date = $2 AND session_part = $3
            """);
        command.Parameters.Add(new() { Value = schoolId });
        command.Parameters.Add(new() { Value = date });
        command.Parameters.Add(new() { Value = part });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Counts(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
    }

    private static readonly TimeZoneInfo England = TimeZoneInfo.FindSystemTimeZoneById(Domain.SchoolSettings.EnglandTimeZone);

    private static (DateOnly Date, string Part) Parse(string session) => (DateOnly.Parse(session[..10]), session[^2..]);

    internal static void AddRow(NpgsqlParameterCollection parameters, string schoolId, string upn, DateOnly date, string part, string code, string source, TimeOnly? arrived)
    {
        parameters.Add(new() { Value = schoolId });
        parameters.Add(new() { Value = upn });
        parameters.Add(new() { Value = date });
        parameters.Add(new() { Value = part });
        parameters.Add(new() { Value = code });
        parameters.Add(new() { Value = source });
        parameters.Add(new() { Value = arrived is { } time ? time : DBNull.Value });
    }
}
