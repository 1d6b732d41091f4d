using System.Collections.Concurrent;
using Attendance.Domain;
using Npgsql;

namespace Attendance.Benchmarks.Storm;

/// <summary>A school as references (b) and (c) check its marks: its clock, its register windows, and each pupil's class.</summary>
internal sealed record SchoolRoll(TimeZoneInfo TimeZone, SessionTimes Times, IReadOnlyDictionary<string, string> ClassOf)
{
    /// <summary>
    /// A pupil on the roll arriving at the gate: the session and code the school's windows give the arrival at its
    /// local time (present, late after the late time, U after the close); null for a pupil not on the roll.
    /// </summary>
    public MarkLine? Arrival(string schoolId, string upn, DateTimeOffset arrivedAt)
    {
        if (!ClassOf.ContainsKey(upn))
        {
            return null;
        }

        var local = TimeZoneInfo.ConvertTime(arrivedAt, TimeZone).DateTime;
        var time = TimeOnly.FromDateTime(local);
        var part = Times.SessionAt(time);
        return new MarkLine(schoolId, upn, new Session(DateOnly.FromDateTime(local), part), Times.For(part).CodeForArrival(time, part), "Gate", time);
    }
}

/// <summary>
/// The schools' settings and rolls in <c>plain_school</c> and <c>plain_pupil</c>: written when a school is set up,
/// read from the database on the school's first mark and kept in memory from then on, as a real design would, until
/// the school is set up again.
/// </summary>
internal sealed class SameWorkRolls(NpgsqlDataSource db)
{
    public const string Tables = """
        CREATE TABLE IF NOT EXISTS plain_school
        (
            school_id text PRIMARY KEY, time_zone text NOT NULL,
            am_opens time NOT NULL, am_late_after time NOT NULL, am_closes time NOT NULL,
            pm_opens time NOT NULL, pm_late_after time NOT NULL, pm_closes time NOT NULL
        );
        CREATE TABLE IF NOT EXISTS plain_pupil (school_id text NOT NULL, upn text NOT NULL, class_id text NOT NULL, PRIMARY KEY (school_id, upn));
        """;

    private readonly ConcurrentDictionary<string, Task<SchoolRoll?>> read = new();

    /// <summary>The school's roll, or null for a school never set up.</summary>
    public async Task<SchoolRoll?> Of(string schoolId)
    {
        var reading = read.GetOrAdd(schoolId, Read);
        try
        {
            return await reading;
        }
        catch
        {
            read.TryRemove(new(schoolId, reading)); // read again on the next mark
            throw;
        }
    }

    /// <summary>
    /// The school's settings and roll, and its pupils' tallies from the lines already in its register, in one
    /// transaction.
    /// </summary>
    public async Task SetUp(string schoolId, SameWorkServer.SchoolSetUp school)
    {
        await using var batch = db.CreateBatch(); // a batch without a transaction runs as one
        var settings = new NpgsqlBatchCommand("""
            INSERT INTO plain_school VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (school_id) DO UPDATE SET time_zone = excluded.time_zone,
                am_opens = excluded.am_opens, am_late_after = excluded.am_late_after, am_closes = excluded.am_closes,
                pm_opens = excluded.pm_opens, pm_late_after = excluded.pm_late_after, pm_closes = excluded.pm_closes
            """);
        var (am, pm) = (school.SessionTimes.Am, school.SessionTimes.Pm);
        foreach (var value in new object[] { schoolId, school.TimeZone, am.Opens, am.LateAfter, am.Closes, pm.Opens, pm.LateAfter, pm.Closes })
        {
            settings.Parameters.Add(new() { Value = value });
        }

        var pupils = new NpgsqlBatchCommand("""
            INSERT INTO plain_pupil SELECT $1, * FROM unnest($2::text[], $3::text[])
            ON CONFLICT (school_id, upn) DO UPDATE SET class_id = excluded.class_id
            """)
        {
            Parameters =
            {
                new() { Value = schoolId },
                new() { Value = school.Pupils.Select(p => p.Upn).ToArray() },
                new() { Value = school.Pupils.Select(p => p.ClassId).ToArray() },
            },
        };
        batch.BatchCommands.Add(settings);
        batch.BatchCommands.Add(pupils);
        batch.BatchCommands.Add(PupilTally.FromRegister(schoolId));
        await batch.ExecuteNonQueryAsync();
        read.TryRemove(schoolId, out _);
    }

    private async Task<SchoolRoll?> Read(string schoolId)
    {
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(new("SELECT time_zone, am_opens, am_late_after, am_closes, pm_opens, pm_late_after, pm_closes FROM plain_school WHERE school_id = $1")
        {
            Parameters = { new() { Value = schoolId } },
        });
        batch.BatchCommands.Add(new("SELECT upn, class_id FROM plain_pupil WHERE school_id = $1") { Parameters = { new() { Value = schoolId } } });
        await using var reader = await batch.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        RegisterWindow Window(int first) =>
            new(reader.GetFieldValue<TimeOnly>(first), reader.GetFieldValue<TimeOnly>(first + 1), reader.GetFieldValue<TimeOnly>(first + 2));
        var (timeZone, times) = (TimeZoneInfo.FindSystemTimeZoneById(reader.GetString(0)), new SessionTimes(Window(1), Window(4)));
        var classOf = new Dictionary<string, string>();
        await reader.NextResultAsync();
        while (await reader.ReadAsync())
        {
            classOf[reader.GetString(0)] = reader.GetString(1);
        }

        return new SchoolRoll(timeZone, times, classOf);
    }
}
