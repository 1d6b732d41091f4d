using Attendance.Domain;
using Npgsql;
using NpgsqlTypes;

namespace Attendance.Benchmarks.Storm;

/// <summary>
/// The year-end variant's starting point: every pupil already has <c>sessions</c> lines in attendance_register (the
/// sessions on the weekdays before the storm's), written with binary COPY before the schools are created, so this
/// service rebuilds each pupil from a full register and the plain design inserts into a full table.
/// </summary>
internal static class YearOfHistory
{
    public static async Task WriteAsync(string connectionString, IReadOnlyList<string> schoolIds, int pupils, Session before, int sessions)
    {
        if (sessions == 0)
        {
            return;
        }

        var history = Sessions(before, sessions);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var copy = await connection.BeginBinaryImportAsync("""
            COPY attendance_register (school_id, upn, entry_no, session_date, session_part, code, source, recorded_by, recorded_role, recorded_at, school_week)
            FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var (schoolId, school) in schoolIds.Select((id, i) => (id, i)))
            {
                for (var pupil = 0; pupil < pupils; pupil++)
                {
                    var upn = Testing.GeneratedSchool.Upn(school, pupil);
                    for (var i = 0; i < history.Count; i++)
                    {
                        var (session, week) = history[i];
                        await copy.StartRowAsync();
                        await copy.WriteAsync(schoolId, NpgsqlDbType.Text);
                        await copy.WriteAsync(upn, NpgsqlDbType.Text);
                        await copy.WriteAsync(i + 1, NpgsqlDbType.Integer);
                        await copy.WriteAsync(session.Date, NpgsqlDbType.Date);
                        await copy.WriteAsync(session.Part.ToString(), NpgsqlDbType.Text);
                        await copy.WriteAsync((pupil + i) % 19 == 0 ? "I" : session.Part == SessionPart.AM ? "/" : "\\", NpgsqlDbType.Text);
                        await copy.WriteAsync("Import", NpgsqlDbType.Text);
                        await copy.WriteAsync("Previous MIS", NpgsqlDbType.Text);
                        await copy.WriteAsync("Import", NpgsqlDbType.Text);
                        await copy.WriteAsync(DateTime.UnixEpoch, NpgsqlDbType.TimestampTz);
                        await copy.WriteAsync(week, NpgsqlDbType.Integer);
                    }
                }
            }

            await copy.CompleteAsync();
        }

        await using var analyze = new NpgsqlCommand("ANALYZE attendance_register", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    /// <summary>The <paramref name="count"/> sessions on the weekdays before <paramref name="before"/>'s day, oldest first, with a week number each.</summary>
    private static List<(Session Session, int Week)> Sessions(Session before, int count)
    {
        var sessions = new List<(Session, int)>();
        for (var day = before.Date.AddDays(-1); sessions.Count < count; day = day.AddDays(-1))
        {
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                continue;
            }

            var week = -((before.Date.DayNumber - day.DayNumber + 6) / 7);
            sessions.Add((new Session(day, SessionPart.PM), week));
            sessions.Add((new Session(day, SessionPart.AM), week));
        }

        sessions.Reverse();
        return [.. sessions.TakeLast(count)];
    }
}
