using System.Globalization;
using System.Text.Json;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Returns;
using Attendance.Grains.Schools;
using Attendance.Server.Http;

namespace Attendance.Server.Api;

/// <summary>
/// A school's marks for the year so far from its previous system, as CSV (docs/API.md "Historic marks"): one row per
/// pupil per session. Every row is checked first, as a mark would be (on roll, a session the school was open, before
/// today, a national code; pre-2024 codes mapped); if any row is refused nothing is imported. Each pupil's rows go to
/// the register journal in one append, only for sessions the pupil has no mark for, so importing the same file again
/// changes nothing; the history sets the pupil's baseline, so it raises no alerts.
/// </summary>
public static class HistoryImport
{
    public static readonly string[] RequiredColumns = ["UPN", "Date", "Session", "Code"];

    private static readonly Staff PreviousSystem = new("Previous MIS", "Import");

    /// <summary>One row of the file, checked.</summary>
    private sealed record Row(string Upn, Session Session, int SchoolWeek, AttendanceCode Code, string Written, Staff By, DateTimeOffset? At);

    /// <summary>What was imported, and the file's sessions per category for each pupil, to compare with the old system's totals.</summary>
    /// <param name="Skipped">With <c>skipBadRows</c>: each refused row, named by its line, not imported.</param>
    public sealed record Result(int Rows, int Pupils, int Imported, int AlreadyInRegister, IReadOnlyDictionary<string, int> Mapped, IReadOnlyList<PupilTotals> Totals, IReadOnlyList<string> Skipped);

    /// <param name="Sessions">By statistical category (present, authorisedAbsence, ...): the file's rows for the pupil.</param>
    public sealed record PupilTotals(string Upn, IReadOnlyDictionary<string, int> Sessions);

    /// <param name="dryRun">Check the file and report what it holds, importing nothing.</param>
    /// <param name="skipBadRows">Import the rows that pass and report the others, instead of refusing the whole file.</param>
    public static async Task<IResult> Handle(string schoolId, bool? dryRun, bool? skipBadRows, HttpRequest request, IGrainFactory grains, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock, CancellationToken cancellationToken)
    {
        var (file, refused) = await Check(schoolId, skipBadRows, request, grains, clock, cancellationToken);
        if (file is null)
        {
            return refused!;
        }

        var imported = dryRun == true ? 0 : await ImportAsync(grains, schoolId, file.Rows, clock.GetUtcNow(), (_, _) => Task.CompletedTask);
        return Results.Ok(file.Result(imported, dryRun == true ? 0 : file.Rows.Count - imported));
    }

    /// <summary>
    /// The same import as a job, for a whole year's file: the file is checked while it is sent (refused at once, as
    /// above), then imported in the background; the answer (202) gives the file's figures and where to follow the
    /// job's progress (<see cref="IImportJobGrain"/>: GET …/history/jobs/{id}).
    /// </summary>
    public static async Task<IResult> Start(
        string schoolId, bool? skipBadRows, HttpRequest request, IGrainFactory grains, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock,
        IHostApplicationLifetime lifetime, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var (file, refused) = await Check(schoolId, skipBadRows, request, grains, clock, cancellationToken);
        if (file is null)
        {
            return refused!;
        }

        var id = RecordIds.New("import");
        var job = grains.GetGrain<IImportJobGrain>($"{schoolId}/{id}");
        var pupils = file.Rows.Select(r => r.Upn).Distinct().Count();
        await job.Start(new ImportProgress(id, schoolId, ImportStatus.Running, file.Rows.Count, pupils, 0, 0, clock.GetUtcNow(), null, null));
        _ = Task.Run(async () =>
        {
            try
            {
                await ImportAsync(grains, schoolId, file.Rows, clock.GetUtcNow(), job.Report);
                await job.Finish(null);
            }
            catch (Exception ex)
            {
                // The rows imported so far stay (each pupil's in one append); importing the file again adds the rest.
                loggers.CreateLogger(typeof(HistoryImport)).LogError(ex, "The historic marks import {Id} for school {SchoolId} failed", id, schoolId);
                await job.Finish("The import stopped (the service's log says why). The pupils imported so far keep their marks; import the same file again to add the rest.");
            }
        }, lifetime.ApplicationStopping);
        return Results.Accepted($"/api/schools/{schoolId}/history/jobs/{id}", new { job = await job.Get(), file = file.Result(0, 0) });
    }

    /// <summary>The file read and every row checked, or the refusal to answer with.</summary>
    private static async Task<(CheckedFile? File, IResult? Refused)> Check(
        string schoolId, bool? skipBadRows, HttpRequest request, IGrainFactory grains, TimeProvider clock, CancellationToken cancellationToken)
    {
        var school = grains.GetGrain<ISchoolGrain>(schoolId);
        if (await school.GetSettings() is not { } settings)
        {
            return (null, SchoolEndpoints.UnknownSchool(schoolId));
        }

        if (!(request.ContentType ?? "").StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Invalid([$"Send the historic marks as text/csv (got '{request.ContentType}'): columns UPN, Date, Session, Code, and optionally RecordedBy and RecordedAt."], StatusCodes.Status400BadRequest));
        }

        var (file, unreadable) = await CsvFile.OpenAsync(request.Body, RequiredColumns, "a row per pupil per session", cancellationToken);
        if (file is null)
        {
            return (null, Invalid([unreadable!], StatusCodes.Status400BadRequest));
        }

        var onRoll = await SchoolPupils.Known(grains, schoolId);
        var (rows, problems) = await ReadAsync(file, settings, onRoll, clock.GetUtcNow(), cancellationToken);
        return problems.Count > 0 && skipBadRows != true
            ? (null, Invalid(problems, StatusCodes.Status422UnprocessableEntity))
            : (new CheckedFile(rows, problems), null);
    }

    /// <summary>
    /// Each pupil's rows in one append to the register, sixteen pupils at a time; after each group <paramref name="progress"/>
    /// is told the pupils done and the sessions imported so far. Returns the sessions imported (not already in the register).
    /// </summary>
    private static async Task<int> ImportAsync(IGrainFactory grains, string schoolId, List<Row> rows, DateTimeOffset now, Func<int, int, Task> progress)
    {
        var imported = 0;
        var done = 0;
        foreach (var pupils in rows.GroupBy(r => r.Upn).Chunk(16))
        {
            var added = await Task.WhenAll(pupils.Select(p => grains.GetPupil(schoolId, p.Key).ImportHistory([.. p.OrderBy(r => r.Session).Select(r =>
                new RegisterEntry(r.Session, r.Code.Code, MarkSource.Import, r.By, r.At ?? now, r.SchoolWeek))])));
            imported += added.Sum();
            done += pupils.Length;
            await progress(done, imported);
        }

        return imported;
    }

    /// <summary>A file whose rows passed the checks (and, with skipBadRows, the lines that did not).</summary>
    private sealed record CheckedFile(List<Row> Rows, IReadOnlyList<string> Skipped)
    {
        public Result Result(int imported, int alreadyInRegister) => new(
            Rows.Count,
            Rows.Select(r => r.Upn).Distinct().Count(),
            imported,
            alreadyInRegister,
            Rows.Where(r => !r.Written.Equals(r.Code.Code, StringComparison.OrdinalIgnoreCase)).GroupBy(r => $"{r.Written.ToUpperInvariant()} → {r.Code.Code}").ToDictionary(g => g.Key, g => g.Count()),
            [.. Rows.GroupBy(r => r.Upn).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new PupilTotals(g.Key, g.GroupBy(r => r.Code.Category).ToDictionary(c => JsonNamingPolicy.CamelCase.ConvertName(c.Key.ToString()), c => c.Count())))],
            Skipped);
    }

    /// <summary>Every row checked: the rows that pass, and why each other one does not (by line).</summary>
    private static async Task<(List<Row>, IReadOnlyList<string>)> ReadAsync(CsvFile file, SchoolSettings settings, Dictionary<string, PupilAdmissions?> onRoll, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(settings.LocalTime(now));
        using var csv = file;
        var rows = new List<Row>();
        var problems = new List<string>();
        var seen = new Dictionary<(string, Session), int>();
        while (await csv.ReadAsync(cancellationToken))
        {
            var (row, refused) = Read(csv, settings, onRoll, now, today, seen);
            if (row is not null)
            {
                rows.Add(row);
            }
            else
            {
                problems.Add($"Line {csv.Line}: {refused}");
            }
        }

        return (rows, problems);
    }

    /// <summary>The current row, read and checked once; or why it cannot be imported.</summary>
    private static (Row? Row, string? Problem) Read(
        CsvFile csv, SchoolSettings settings, Dictionary<string, PupilAdmissions?> onRoll, DateTimeOffset now, DateOnly today, Dictionary<(string, Session), int> seen)
    {
        var upn = csv["UPN"] ?? "";
        if (!onRoll.TryGetValue(upn, out var admissions))
        {
            return (null, $"pupil '{upn}' is not on the school's roll. Import the roster first.");
        }

        if (!DateOnly.TryParseExact(csv["Date"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || !Enum.TryParse<SessionPart>(csv["Session"], ignoreCase: true, out var part) || !Enum.IsDefined(part) || int.TryParse(csv["Session"], out _))
        {
            return (null, $"'{csv["Date"]}' '{csv["Session"]}' is not a session: Date as 2026-09-07 and Session AM or PM.");
        }

        var session = new Session(date, part);
        if (date >= today)
        {
            return (null, $"{session} is not before today: record today's and later sessions as marks, not history.");
        }

        if (!settings.Calendar.IsOpen(session) || settings.Calendar.SchoolWeek(date) is not { } week)
        {
            return (null, $"the school was not open for {session} by its calendar (weekend, holiday or closure).");
        }

        if (admissions is not null && !admissions.OnRollOn(date))
        {
            return (null, $"pupil '{upn}' was not on roll on {date:yyyy-MM-dd} by the admission register (their starting day, or the day after their name was deleted, is the limit).");
        }

        if (!NationalCodes.TryGetForImport(csv["Code"], out var code))
        {
            return (null, $"'{csv["Code"]}' is not a national attendance code (2024 set, or a pre-2024 code with a 2024 replacement: H, F, J, Y).");
        }

        DateTimeOffset? recordedAt = null;
        if (csv["RecordedAt"] is { } at)
        {
            if (!DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return (null, $"RecordedAt '{at}' is not a date and time (e.g. 2026-09-07T08:55:00Z).");
            }

            // The register's retention counts from when a line was made: a time before the session's day or after now
            // would have it purged years early, or kept for ever.
            if (parsed < settings.InstantOf(date.ToDateTime(TimeOnly.MinValue)) || parsed > now)
            {
                return (null, $"RecordedAt '{at}' is {(parsed > now ? "in the future" : $"before {date:yyyy-MM-dd}, the session's day")}: a mark is recorded on its session's day or later, and not after now.");
            }

            recordedAt = parsed;
        }

        if (!seen.TryAdd((upn, session), csv.Line))
        {
            return (null, $"pupil {upn} already has a row for {session} (line {seen[(upn, session)]}).");
        }

        var by = csv["RecordedBy"] is { } name ? new Staff(name, PreviousSystem.Position) : PreviousSystem;
        return (new Row(upn, session, week, code, csv["Code"]!.Trim(), by, recordedAt), null);
    }

    private static IResult Invalid(IReadOnlyList<string> problems, int status) =>
        Rejection.NotImported(RejectionReason.InvalidHistory, problems, unreadable: status == StatusCodes.Status400BadRequest).ToProblem();
}
