using Attendance.Domain;
using Npgsql;
using Attendance.Grains.Registers;

namespace Attendance.Server.Storage;

/// <summary>The legal register's lines as rows of <c>attendance_register</c>: written by the journal, read by both.</summary>
internal static class RegisterLines
{
    public const string Columns = """
        school_id, upn, entry_no, session_date, session_part, code, source, recorded_by, recorded_role, recorded_at,
        arrived_at, reason, amends_entry_no, original_code, original_recorded_by, original_recorded_at, school_week
        """;

    /// <summary>One statement for any number of lines: each column as an array, <c>unnest</c>ed into rows.</summary>
    public static NpgsqlBatchCommand Insert(IReadOnlyList<LegalRegisterLine> lines)
    {
        var command = new NpgsqlBatchCommand($"""
            INSERT INTO attendance_register ({Columns})
            SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::date[], $5::text[], $6::text[], $7::text[], $8::text[],
                                 $9::text[], $10::timestamptz[], $11::time[], $12::text[], $13::int[], $14::text[], $15::text[],
                                 $16::timestamptz[], $17::int[])
            """);
        Add(command, lines, l => l.SchoolId);
        Add(command, lines, l => l.Upn);
        Add(command, lines, l => l.EntryNo);
        Add(command, lines, l => l.Session.Date);
        Add(command, lines, l => l.Session.Part.ToString());
        Add(command, lines, l => l.Code);
        Add(command, lines, l => l.Source.ToString());
        Add(command, lines, l => l.RecordedBy);
        Add(command, lines, l => l.RecordedRole);
        Add(command, lines, l => l.RecordedAt.ToUniversalTime());
        Add(command, lines, l => l.ArrivedAt);
        Add(command, lines, l => l.Reason);
        Add(command, lines, l => l.AmendsEntryNo);
        Add(command, lines, l => l.OriginalCode);
        Add(command, lines, l => l.OriginalRecordedBy);
        Add(command, lines, l => l.OriginalRecordedAt?.ToUniversalTime());
        Add(command, lines, l => l.SchoolWeek);
        return command;
    }

    public static async Task<IReadOnlyList<LegalRegisterLine>> ReadAll(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var lines = new List<LegalRegisterLine>();
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(new LegalRegisterLine(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetInt32(2),
                new Session(reader.GetFieldValue<DateOnly>(3), Enum.Parse<SessionPart>(reader.GetString(4))),
                reader.GetString(5),
                Enum.Parse<MarkSource>(reader.GetString(6)),
                reader.GetString(7),
                reader.GetString(8),
                reader.GetFieldValue<DateTimeOffset>(9),
                reader.IsDBNull(10) ? null : reader.GetFieldValue<TimeOnly>(10),
                reader.IsDBNull(11) ? null : reader.GetString(11),
                reader.IsDBNull(12) ? null : reader.GetInt32(12),
                reader.IsDBNull(13) ? null : reader.GetString(13),
                reader.IsDBNull(14) ? null : reader.GetString(14),
                reader.IsDBNull(15) ? null : reader.GetFieldValue<DateTimeOffset>(15),
                reader.GetInt32(16)));
        }

        return lines;
    }

    private static void Add<T>(NpgsqlBatchCommand command, IReadOnlyList<LegalRegisterLine> lines, Func<LegalRegisterLine, T> column) =>
        command.Parameters.Add(new NpgsqlParameter<T[]> { TypedValue = [.. lines.Select(column)] });
}
