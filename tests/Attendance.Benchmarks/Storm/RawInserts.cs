using System.Collections.Concurrent;
using System.Diagnostics;
using Attendance.Domain;
using Npgsql;

namespace Attendance.Benchmarks.Storm;

/// <summary>
/// Reference (b), the ceiling: the storm's rows inserted straight into attendance_register from this process, with
/// PostgreSQL's default durability (synchronous commit, like every other run), by 64 connections at once: one
/// INSERT per row, or 100 rows per INSERT. Latency is per statement.
/// </summary>
internal static class RawInserts
{
    public static async Task<StormResult> ExecuteAsync(string connectionString, IReadOnlyList<string> schoolIds, int pupils, Session session, IReadOnlyList<StormEvent> events, int batch)
    {
        var rows = events.SelectMany(e => e.Marks.Select(m => (School: schoolIds[e.School], m.Upn, Code: m.Code.Length > 0 ? m.Code : "/"))).ToList();
        var chunks = new ConcurrentQueue<IReadOnlyList<(string School, string Upn, string Code)>>(rows.Chunk(batch));
        await using var db = NpgsqlDataSource.Create(connectionString);
        var latencies = new ConcurrentBag<double>();
        var commitsBefore = await StormRun.Commits(connectionString);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, StormRun.ClosedLoopClients).Select(_ => Task.Run(async () =>
        {
            await using var connection = await db.OpenConnectionAsync();
            while (chunks.TryDequeue(out var chunk))
            {
                await using var command = new NpgsqlCommand("""
                    INSERT INTO attendance_register (school_id, upn, entry_no, session_date, session_part, code, source, recorded_by, recorded_role, recorded_at, school_week)
                    SELECT s, u, 1, $3, $4, c, 'Register', 'Reference', 'Attendance officer', now(), 0 FROM unnest($1::text[], $2::text[], $5::text[]) AS r(s, u, c)
                    """, connection);
                command.Parameters.Add(new() { Value = chunk.Select(r => r.School).ToArray() });
                command.Parameters.Add(new() { Value = chunk.Select(r => r.Upn).ToArray() });
                command.Parameters.Add(new() { Value = session.Date });
                command.Parameters.Add(new() { Value = session.Part.ToString() });
                command.Parameters.Add(new() { Value = chunk.Select(r => r.Code).ToArray() });
                var sent = Stopwatch.GetTimestamp();
                await command.ExecuteNonQueryAsync();
                latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var sorted = latencies.Order().ToList();
        return new StormResult(
            batch == 1 ? "raw SQL, 1 row" : $"raw SQL, {batch} rows", "postgres", 0, "max", 0, schoolIds.Count, pupils, rows.Count, 0, elapsed.TotalSeconds, rows.Count / elapsed.TotalSeconds,
            Run.Percentile(sorted, 50), Run.Percentile(sorted, 95), Run.Percentile(sorted, 99), double.NaN, double.NaN, double.NaN, double.NaN,
            (await StormRun.Commits(connectionString) - commitsBefore) * 1000.0 / rows.Count);
    }
}
