using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Attendance.Grains.Registers;
using Attendance.Grains.Hosting;

namespace Attendance.Server.Storage;

/// <summary>
/// The pupils' journal in PostgreSQL: <c>attendance_register</c> is the register, <c>alert_outbox</c> the crossings.
/// Appends from every pupil grain on the silo queue here and are committed together (group commit): a few writers
/// each take what has gathered while the previous commit ran, insert it in one transaction, and only then complete
/// each caller. A failed commit fails every append in it; none of its rows is kept.
/// </summary>
public sealed class PostgresRegisterJournal : IRegisterJournal, IHostedService
{
    private readonly NpgsqlDataSource database;
    private readonly JournalOptions options;
    private readonly AttendanceMetrics metrics;
    private readonly ILogger<PostgresRegisterJournal> logger;
    private readonly Channel<Pending> queue;
    private Task[] writers = [];

    public PostgresRegisterJournal(NpgsqlDataSource database, IOptions<JournalOptions> options, AttendanceMetrics metrics, ILogger<PostgresRegisterJournal> logger)
    {
        this.database = database;
        this.options = options.Value;
        this.metrics = metrics;
        this.logger = logger;
        queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(this.options.QueueLimit) { FullMode = BoundedChannelFullMode.Wait });
    }

    public Task Append(JournalAppend append, CancellationToken cancellationToken = default)
    {
        var pending = new Pending(append, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), Activity.Current?.Context ?? default);
        if (!queue.Writer.TryWrite(pending))
        {
            metrics.JournalRefused();
            throw new RegisterBusyException(
                $"The register is taking more marks than the database can commit ({options.QueueLimit} waiting). Nothing was recorded: send it again in {options.RetryAfter.TotalSeconds:0} s.",
                options.RetryAfter);
        }

        return pending.Committed.Task;
    }

    public async Task<PupilJournal> Load(string schoolId, string upn, CancellationToken cancellationToken = default)
    {
        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(Command($"SELECT {RegisterLines.Columns} FROM attendance_register WHERE school_id = $1 AND upn = $2 ORDER BY entry_no", schoolId, upn));
        batch.BatchCommands.Add(Command("SELECT notice, delivered_at IS NOT NULL FROM alert_outbox WHERE school_id = $1 AND upn = $2 ORDER BY committed_at, alert_id", schoolId, upn));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var lines = await RegisterLines.ReadAll(reader, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var undelivered = new List<CrossingNotice>();
        var made = new Dictionary<CrossingKind, int>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var notice = JsonSerializer.Deserialize<CrossingNotice>(reader.GetString(0), DomainSerialization.Options)!;
            made[notice.Crossing.Kind] = made.GetValueOrDefault(notice.Crossing.Kind) + 1;
            if (!reader.GetBoolean(1))
            {
                undelivered.Add(notice);
            }
        }

        return new PupilJournal(lines, undelivered, made);
    }

    public async Task Delivered(string schoolId, string upn, IReadOnlyList<string> alertIds, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(
            "UPDATE alert_outbox SET delivered_at = now() WHERE school_id = $1 AND upn = $2 AND alert_id = ANY($3) AND delivered_at IS NULL");
        command.Parameters.Add(new() { Value = schoolId });
        command.Parameters.Add(new() { Value = upn });
        command.Parameters.Add(new() { Value = alertIds.ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        writers = [.. Enumerable.Range(0, Math.Max(1, options.Writers)).Select(_ => Task.Run(Write, CancellationToken.None))];
        return Task.CompletedTask;
    }

    /// <summary>
    /// Commits what is queued before the silo goes. If the host stops waiting (or is killed), appends still queued
    /// are simply never acknowledged: their callers see an error, and nothing acknowledged is lost.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Writer.TryComplete();
        try
        {
            await Task.WhenAll(writers).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("The silo stopped before the journal writer had committed every queued append; those were not acknowledged");
        }
    }

    private async Task Write()
    {
        var batch = new List<Pending>(options.MaxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            if (options.Linger > TimeSpan.Zero)
            {
                await Task.Delay(options.Linger);
            }

            while (batch.Count < options.MaxBatch && queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            if (batch.Count > 0)
            {
                await Commit(batch);
                batch.Clear();
            }
        }
    }

    private async Task Commit(IReadOnlyList<Pending> batch)
    {
        // One commit serves many marks: it continues the first mark's trace and links the others', so each mark's
        // trace reaches the database write it waited for.
        using var span = AttendanceTracing.Source.HasListeners()
            ? AttendanceTracing.Source.StartActivity("register commit", ActivityKind.Internal, batch[0].Trace,
                links: [.. batch.Skip(1).Where(p => p.Trace != default).Select(p => new ActivityLink(p.Trace))])
            : null;
        span?.SetTag("attendance.appends", batch.Count);
        var started = TimeProvider.System.GetTimestamp();
        try
        {
            await Insert([.. batch.Select(p => p.Append)]);
            metrics.JournalCommitted(batch.Count, TimeProvider.System.GetElapsedTime(started));
            foreach (var pending in batch)
            {
                pending.Committed.TrySetResult();
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && batch.Count > 1)
        {
            // One pupil's numbers are taken (a second activation wrote first): commit the appends one by one, so
            // only that pupil's caller fails and reloads.
            logger.LogWarning("A journal commit of {Count} appends met a used entry number; committing them one by one", batch.Count);
            foreach (var pending in batch)
            {
                await Commit([pending]);
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A journal commit of {Count} appends failed; none of them is recorded", batch.Count);
            Exception failure = ex is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }
                ? new JournalConflictException($"Pupil {batch[0].Append.Upn}'s register at {batch[0].Append.SchoolId} already has an entry with that number.", ex)
                : new RegisterUnavailableException(
                    "The register's database did not take the mark. Nothing was recorded: send it again.",
                    options.RetryAfter, ex);
            foreach (var pending in batch)
            {
                pending.Committed.TrySetException(failure);
            }
        }
    }

    /// <summary>
    /// All the appends' lines and crossings in one transaction and one round trip: a batch sent without an explicit
    /// transaction runs as one implicit transaction, so if either statement fails neither is kept.
    /// </summary>
    private async Task Insert(IReadOnlyList<JournalAppend> appends)
    {
        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(RegisterLines.Insert([.. appends.SelectMany(a => a.Lines)]));
        var crossings = appends.SelectMany(a => a.Crossings.Select(c => (a.SchoolId, c))).ToList();
        if (crossings.Count > 0)
        {
            var insert = new NpgsqlBatchCommand("""
                INSERT INTO alert_outbox (school_id, upn, alert_id, kind, notice)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[])
                """);
            insert.Parameters.Add(new() { Value = crossings.Select(c => c.SchoolId).ToArray() });
            insert.Parameters.Add(new() { Value = crossings.Select(c => c.c.Upn).ToArray() });
            insert.Parameters.Add(new() { Value = crossings.Select(c => c.c.AlertId).ToArray() });
            insert.Parameters.Add(new() { Value = crossings.Select(c => c.c.Crossing.Kind.ToString()).ToArray() });
            insert.Parameters.Add(new() { Value = crossings.Select(c => JsonSerializer.Serialize(c.c, DomainSerialization.Options)).ToArray() });
            batch.BatchCommands.Add(insert);
        }

        await batch.ExecuteNonQueryAsync();
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new() { Value = value });
        }

        return command;
    }

    /// <param name="Trace">The appending mark's span: the commit that carries it continues that mark's trace.</param>
    private sealed record Pending(JournalAppend Append, TaskCompletionSource Committed, ActivityContext Trace);
}
