using System.Collections.Concurrent;
using System.Security.Claims;
using Attendance.Domain;
using Attendance.Server.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Attendance.Benchmarks.Storm;

/// <summary>
/// Lesson registers in reference (b): the plain design doing this service's work per lesson register. The lessons
/// (teacher and pupils) are held in memory as the service's lesson register holds its plan; a register is taken only by
/// the lesson's teacher (the service's access rule, with the lesson's teacher) and only whole; in one transaction its
/// marks are written, the absent pupils' session codes read from the register, and each pupil absent while in school
/// raises an alert row and a <c>pg_notify</c>, which <see cref="SameWorkLessonAlerts"/> pushes to the lead's hub.
/// </summary>
internal static class SameWorkLessons
{
    public const string Table = """
        CREATE TABLE IF NOT EXISTS plain_lesson_mark
        (
            school_id text NOT NULL, lesson_id text NOT NULL, lesson_date date NOT NULL, upn text NOT NULL, presence text NOT NULL,
            recorded_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    public sealed record Lesson(string LessonId, string Teacher, IReadOnlyList<string> Pupils);

    public sealed record Timetable(IReadOnlyList<Lesson> Lessons);

    public sealed record Mark(string Upn, string Presence);

    public sealed record Register(IReadOnlyList<Mark> Marks);

    private static readonly ConcurrentDictionary<(string SchoolId, string LessonId), Lesson> Lessons = new();

    public static void Map(IEndpointRouteBuilder school)
    {
        school.MapPost("/timetable", (string schoolId, Timetable timetable, ClaimsPrincipal user) =>
        {
            if (!AccessRules.Allows(StaffUser.From(user), Capability.ManageSchool, schoolId))
            {
                return Results.Forbid();
            }

            foreach (var lesson in timetable.Lessons)
            {
                Lessons[(schoolId, lesson.LessonId)] = lesson;
            }

            return Results.Ok();
        });
        school.MapPost("/lessons/{date}/{lessonId}/register", TakeRegister);
    }

    private static async Task<IResult> TakeRegister(string schoolId, DateOnly date, string lessonId, Register register, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        if (!Lessons.TryGetValue((schoolId, lessonId), out var lesson))
        {
            return Results.NotFound($"Lesson '{lessonId}' is not taught at {schoolId}.");
        }

        if (!AccessRules.Allows(StaffUser.From(user), Capability.TakeRegister, schoolId, lessonTeacher: lesson.Teacher))
        {
            return Results.Forbid();
        }

        var marks = register.Marks.ToDictionary(m => m.Upn);
        if (marks.Count != lesson.Pupils.Count || !lesson.Pupils.All(marks.ContainsKey) || marks.Values.Any(m => !Enum.GetNames<LessonPresence>().Contains(m.Presence)))
        {
            return Results.UnprocessableEntity($"Mark every pupil of lesson '{lessonId}', each Present, Late or Absent.");
        }

        var absent = marks.Values.Where(m => m.Presence == nameof(LessonPresence.Absent)).Select(m => m.Upn).ToArray();
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand("INSERT INTO plain_lesson_mark (school_id, lesson_id, lesson_date, upn, presence) SELECT $1, $2, $3, unnest($4::text[]), unnest($5::text[])", connection, transaction))
        {
            insert.Parameters.Add(new() { Value = schoolId });
            insert.Parameters.Add(new() { Value = lessonId });
            insert.Parameters.Add(new() { Value = date });
            insert.Parameters.Add(new() { Value = marks.Keys.ToArray() });
            insert.Parameters.Add(new() { Value = marks.Values.Select(m => m.Presence).ToArray() });
            await insert.ExecuteNonQueryAsync();
        }

        var truants = new List<string>();
        if (absent.Length > 0)
        {
            // Each absent pupil's session mark now: the latest line of the session in their register (the morning's, as the storm's lessons are).
            await using var read = new NpgsqlCommand("""
                SELECT DISTINCT ON (upn) upn, code FROM attendance_register
                WHERE school_id = $1 AND upn = ANY($2) AND session_date = $3 AND session_part = 'AM'
                ORDER BY upn, entry_no DESC
                """, connection, transaction);
            read.Parameters.Add(new() { Value = schoolId });
            read.Parameters.Add(new() { Value = absent });
            read.Parameters.Add(new() { Value = date });
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                if (LessonRules.InSchool(reader.GetString(1)))
                {
                    truants.Add(reader.GetString(0));
                }
            }
        }

        if (truants.Count > 0)
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var upn in truants)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                    INSERT INTO plain_alert (school_id, upn, kind, from_level, to_level, worse, action)
                    VALUES ($1, $2, 'PostRegistrationTruancy', 'In school', 'Missing from a lesson', true, 'Find the pupil now')
                    """) { Parameters = { new() { Value = schoolId }, new() { Value = upn } } });
                batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_notify('{SameWorkLessonAlerts.Channel}', $1)") { Parameters = { new() { Value = $"{schoolId} {upn}" } } });
            }

            await batch.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return Results.Ok();
    }
}

/// <summary>Pushes each truancy alert committed by <see cref="SameWorkLessons"/> to the school's hub group (<c>alert</c>: school, pupil).</summary>
internal sealed class SameWorkLessonAlerts(NpgsqlDataSource db, IHubContext<SameWorkHub> hub) : BackgroundService
{
    public const string Channel = "lesson_alerts";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var connection = await db.OpenConnectionAsync(stoppingToken);
        connection.Notification += (_, e) =>
        {
            if (e.Payload.Split(' ', 2) is [var schoolId, var upn])
            {
                _ = hub.Clients.Group(schoolId).SendAsync("alert", schoolId, upn, CancellationToken.None);
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        while (true)
        {
            await connection.WaitAsync(stoppingToken);
        }
    }
}
