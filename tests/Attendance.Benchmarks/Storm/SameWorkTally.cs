using Attendance.Domain;
using Npgsql;

namespace Attendance.Benchmarks.Storm;

/// <summary>What one mark adds to its pupil's row of <c>plain_tally</c>: each column 0 or 1, by the code's national category.</summary>
internal readonly record struct TallyChange(int Possible, int Attended, int Authorised, int Unauthorised, int Late, int AfterClose, int Health)
{
    public static TallyChange Of(AttendanceCode code) => new(
        code.Category.IsPossibleSession() ? 1 : 0,
        code.Category.CountsAsAttendance() ? 1 : 0,
        code.Category == AttendanceCategory.AuthorisedAbsence ? 1 : 0,
        code.Category == AttendanceCategory.UnauthorisedAbsence ? 1 : 0,
        code == NationalCodes.Late ? 1 : 0,
        code == NationalCodes.ArrivedAfterRegisterClosed ? 1 : 0,
        PupilTally.Policy.HealthCodes.Contains(code.Code) ? 1 : 0);

    /// <summary>The national codes a column counts: the same rule, for tallying lines already in the register.</summary>
    public static string[] CodesCounted(Func<TallyChange, int> column) =>
        [.. NationalCodes.All.Where(code => column(Of(code)) == 1).Select(code => code.Code)];
}

/// <summary>
/// A pupil's row of <c>plain_tally</c> as a mark's transaction returns it, and where the pupil stands by it. A plain
/// tally is year-to-date counts, not the service's register of weeks: the year's unauthorised, late and after-close
/// counts stand in for the policy's rolling windows, and without a calendar there is no year-end projection. The run
/// of unauthorised sessions in a row is kept, with its value before the latest mark (an update cannot return the old
/// row), so the standing before the mark can be evaluated too.
/// </summary>
internal sealed record PupilTally(int Possible, int Attended, int Authorised, int Unauthorised, int Late, int AfterClose, int Health, int UnauthorisedRun, int RunBeforeMark)
{
    /// <summary>The storm's schools set no policy of their own: the trust's default applies.</summary>
    public static AttendancePolicy Policy => AttendancePolicy.Default;

    public const string Table = """
        CREATE TABLE IF NOT EXISTS plain_tally
        (
            school_id text NOT NULL, upn text NOT NULL,
            possible int NOT NULL, attended int NOT NULL, authorised int NOT NULL, unauthorised int NOT NULL,
            late int NOT NULL, after_close int NOT NULL, health int NOT NULL,
            unauthorised_run int NOT NULL, run_before_mark int NOT NULL,
            PRIMARY KEY (school_id, upn)
        )
        """;

    /// <summary>Adds the mark to the pupil's row (made on the first mark) and returns the row as it now is.</summary>
    public static NpgsqlBatchCommand Update(MarkLine line)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO plain_tally AS t (school_id, upn, possible, attended, authorised, unauthorised, late, after_close, health, unauthorised_run, run_before_mark)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $6, 0)
            ON CONFLICT (school_id, upn) DO UPDATE SET
                possible = t.possible + excluded.possible,
                attended = t.attended + excluded.attended,
                authorised = t.authorised + excluded.authorised,
                unauthorised = t.unauthorised + excluded.unauthorised,
                late = t.late + excluded.late,
                after_close = t.after_close + excluded.after_close,
                health = t.health + excluded.health,
                unauthorised_run = CASE WHEN excluded.unauthorised = 1 THEN t.unauthorised_run + 1
                                        WHEN excluded.possible = 1 THEN 0
                                        ELSE t.unauthorised_run END,
                run_before_mark = t.unauthorised_run
            RETURNING possible, attended, authorised, unauthorised, late, after_close, health, unauthorised_run, run_before_mark
            """);
        var change = line.Change;
        foreach (var value in new object[] { line.SchoolId, line.Upn, change.Possible, change.Attended, change.Authorised, change.Unauthorised, change.Late, change.AfterClose, change.Health })
        {
            command.Parameters.Add(new() { Value = value });
        }

        return command;
    }

    /// <summary>
    /// Every pupil's row from the lines already in the register (the year's history written before the storm), as the
    /// tallies would stand had this design been recording all year. The run starts at 0.
    /// </summary>
    public static NpgsqlBatchCommand FromRegister(string schoolId)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO plain_tally (school_id, upn, possible, attended, authorised, unauthorised, late, after_close, health, unauthorised_run, run_before_mark)
            SELECT school_id, upn,
                   count(*) FILTER (WHERE code = ANY($2))::int, count(*) FILTER (WHERE code = ANY($3))::int,
                   count(*) FILTER (WHERE code = ANY($4))::int, count(*) FILTER (WHERE code = ANY($5))::int,
                   count(*) FILTER (WHERE code = ANY($6))::int, count(*) FILTER (WHERE code = ANY($7))::int,
                   count(*) FILTER (WHERE code = ANY($8))::int, 0, 0
            FROM attendance_register WHERE school_id = $1 GROUP BY school_id, upn
            ON CONFLICT (school_id, upn) DO NOTHING
            """);
        command.Parameters.Add(new() { Value = schoolId });
        foreach (var column in new Func<TallyChange, int>[] { c => c.Possible, c => c.Attended, c => c.Authorised, c => c.Unauthorised, c => c.Late, c => c.AfterClose, c => c.Health })
        {
            command.Parameters.Add(new() { Value = TallyChange.CodesCounted(column) });
        }

        return command;
    }

    public static PupilTally Read(NpgsqlDataReader reader) => new(
        reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4),
        reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8));

    /// <summary>The row as it stood before the mark that returned it.</summary>
    public PupilTally Before(TallyChange change) => new(
        Possible - change.Possible, Attended - change.Attended, Authorised - change.Authorised, Unauthorised - change.Unauthorised,
        Late - change.Late, AfterClose - change.AfterClose, Health - change.Health, RunBeforeMark, RunBeforeMark);

    public PupilStanding Standing() => PupilStanding.Evaluate(Policy, new StandingFigures(
        PossibleSessions: Possible,
        SessionsAttended: Attended,
        SessionsMissed: Authorised + Unauthorised,
        UnauthorisedInWindow: Unauthorised,
        LateInWindow: Late,
        AfterCloseInWindow: AfterClose,
        ContinuousUnauthorisedSessions: UnauthorisedRun,
        HealthSessions: Health,
        YearSessions: 0));
}
