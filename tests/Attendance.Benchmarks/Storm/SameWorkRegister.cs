using System.Threading.Channels;
using Attendance.Domain;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Attendance.Benchmarks.Storm;

/// <summary>One mark as references (b) and (c) record it: a line of the legal register and a change to the pupil's tally.</summary>
internal sealed record MarkLine(string SchoolId, string Upn, Session Session, AttendanceCode Code, string Source, TimeOnly? ArrivedAt)
{
    public TallyChange Change => TallyChange.Of(Code);
}

/// <summary>
/// Records marks for references (b) and (c), one transaction per write: each pupil's tally updated and returned, the
/// register lines written as reference (a) writes them, the policy evaluated with the domain on each tally before and
/// after its mark and an alert row per crossing, and one <c>pg_notify</c> per school and session touched, which
/// PostgreSQL delivers to the dashboards' listener only once the transaction commits.
/// Without batching (b), each request writes its own marks. With batching (c), requests queue their marks and one
/// writer takes everything gathered (about <see cref="MaxLines"/> lines at most) into a single transaction, then
/// answers every request in it, or fails them all with its exception: the same writes, far fewer commits.
/// </summary>
internal sealed class SameWorkRegister(NpgsqlDataSource db, bool batching) : IHostedService
{
    public const int MaxLines = 500;

    public const string AlertTable = """
        CREATE TABLE IF NOT EXISTS plain_alert
        (
            alert_id bigserial PRIMARY KEY, school_id text NOT NULL, upn text NOT NULL, kind text NOT NULL,
            from_level text NOT NULL, to_level text NOT NULL, worse boolean NOT NULL, action text NOT NULL,
            raised_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    private readonly Channel<Waiting> queue = Channel.CreateUnbounded<Waiting>(new UnboundedChannelOptions { SingleReader = true });
    private Task writer = Task.CompletedTask;

    /// <summary>Completes when the marks are committed.</summary>
    public Task Record(IReadOnlyList<MarkLine> lines)
    {
        if (!batching)
        {
            return Commit(lines);
        }

        var waiting = new Waiting(lines, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return queue.Writer.TryWrite(waiting) ? waiting.Committed.Task : throw new InvalidOperationException("The server is stopping.");
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (batching)
        {
            writer = Task.Run(WriteQueued, CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Writer.TryComplete();
        return writer.WaitAsync(cancellationToken);
    }

    private async Task WriteQueued()
    {
        var taken = new List<Waiting>();
        while (await queue.Reader.WaitToReadAsync())
        {
            var lines = 0;
            while (lines < MaxLines && queue.Reader.TryRead(out var waiting))
            {
                taken.Add(waiting);
                lines += waiting.Lines.Count;
            }

            try
            {
                await Commit([.. taken.SelectMany(w => w.Lines)]);
                taken.ForEach(w => w.Committed.TrySetResult());
            }
            catch (Exception ex)
            {
                taken.ForEach(w => w.Committed.TrySetException(ex));
            }

            taken.Clear();
        }
    }

    private async Task Commit(IReadOnlyList<MarkLine> lines)
    {
        // Pupils' rows always locked in the same order, so two transactions never wait on each other in a circle.
        var ordered = lines.OrderBy(l => l.SchoolId, StringComparer.Ordinal).ThenBy(l => l.Upn, StringComparer.Ordinal).ToList();
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var tallies = await Write(connection, transaction, ordered);
        var crossings = ordered.Zip(tallies, (line, after) => (line, after))
            .SelectMany(marked => Crossing.Between(PupilTally.Policy, marked.after.Before(marked.line.Change).Standing(), marked.after.Standing())
                .Select(crossing => (marked.line.SchoolId, marked.line.Upn, crossing)))
            .ToList();
        if (crossings.Count > 0)
        {
            await using var alerts = new NpgsqlCommand("""
                INSERT INTO plain_alert (school_id, upn, kind, from_level, to_level, worse, action)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::text[])
                """, connection, transaction);
            alerts.Parameters.Add(new() { Value = crossings.Select(c => c.SchoolId).ToArray() });
            alerts.Parameters.Add(new() { Value = crossings.Select(c => c.Upn).ToArray() });
            alerts.Parameters.Add(new() { Value = crossings.Select(c => c.crossing.Kind.ToString()).ToArray() });
            alerts.Parameters.Add(new() { Value = crossings.Select(c => c.crossing.From).ToArray() });
            alerts.Parameters.Add(new() { Value = crossings.Select(c => c.crossing.To).ToArray() });
            alerts.Parameters.Add(new() { Value = crossings.Select(c => c.crossing.Worse).ToArray() });
            alerts.Parameters.Add(new() { Value = crossings.Select(c => c.crossing.Action).ToArray() });
            await alerts.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    /// <summary>
    /// One round trip: the tallies first (each returns its row, read in order), then the register lines, then the
    /// notifications. A line numbered by its pupil's previous line needs the statements, not one multi-row insert.
    /// </summary>
    private static async Task<List<PupilTally>> Write(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<MarkLine> lines)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var line in lines)
        {
            batch.BatchCommands.Add(PupilTally.Update(line));
        }

        foreach (var line in lines)
        {
            var insert = new NpgsqlBatchCommand(PlainServer.Insert);
            PlainServer.AddRow(insert.Parameters, line.SchoolId, line.Upn, line.Session.Date, line.Session.Part.ToString(), line.Code.Code, line.Source, line.ArrivedAt);
            batch.BatchCommands.Add(insert);
        }

        foreach (var (schoolId, session) in lines.Select(l => (l.SchoolId, l.Session)).Distinct())
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_notify('{SameWorkDashboard.Channel}', $1)")
            {
                Parameters = { new() { Value = SameWorkDashboard.Payload(schoolId, session) } },
            });
        }

        var tallies = new List<PupilTally>(lines.Count);
        await using var reader = await batch.ExecuteReaderAsync();
        for (var i = 0; i < lines.Count; i++)
        {
            if (i > 0)
            {
                await reader.NextResultAsync();
            }

            await reader.ReadAsync();
            tallies.Add(PupilTally.Read(reader));
        }

        while (await reader.NextResultAsync())
        {
            // the lines and notifications return nothing to read; a failure among them is thrown here, in the transaction
        }

        return tallies;
    }

    private sealed record Waiting(IReadOnlyList<MarkLine> Lines, TaskCompletionSource Committed);
}
