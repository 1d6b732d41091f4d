using System.Globalization;
using System.Text.Json;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Http;
using Attendance.Server.Returns;

namespace Attendance.Server.Imports;

/// <summary>
/// A school's marks for the year so far from its previous system, as CSV (docs/API.md "Historic marks"): one row per
/// pupil per session. Every row is checked first, as a mark would be (on roll, a session the school was open, before
/// today, a national code; pre-2024 codes mapped); if any row is refused nothing is imported. Each pupil's rows go to
/// the register journal in one append, only for sessions the pupil has no mark for, so importing the same file again
/// changes nothing; the history sets the pupil's baseline, so it raises no alerts. A whole year's file is imported as a
/// job: its checked rows are kept in parts and the job's grain imports them (<see cref="IImportJobGrain"/>), so the
/// import carries on if the server that received the file stops.
/// </summary>
public static class HistoryImporter
{
    public static readonly string[] RequiredColumns = ["UPN", "Date", "Session", "Code"];

    private static readonly Staff PreviousSystem = new("Previous MIS", "Import");

    /// <summary>One row of the file, checked.</summary>
    private sealed record Row(string Upn, Session Session, int SchoolWeek, AttendanceCode Code, string Written, Staff By, DateTimeOffset? At);

    /// <summary>Checks the file and imports it while the request waits (or, with <paramref name="dryRun"/>, only reports what it holds).</summary>
    /// <param name="skipBadRows">Import the rows that pass and report the others, instead of refusing the whole file.</param>
    public static async Task<Outcome<HistoryImportResult>> ImportAsync(
        IGrainFactory grains, KnownSchool school, HttpRequest request, bool dryRun, bool skipBadRows, TimeProvider clock, CancellationToken cancellationToken)
    {
        var check = await CheckAsync(grains, school, request, skipBadRows, clock, cancellationToken);
        if (check.Value is not { } file)
        {
            return check.Rejection!;
        }

        var imported = 0;
        if (!dryRun)
        {
            foreach (var part in file.Parts(clock.GetUtcNow()))
            {
                imported += (await Task.WhenAll(part.Select(p => grains.GetPupil(school.Id, p.Upn).ImportHistory(p.Entries)))).Sum();
            }
        }

        return file.Result(imported, dryRun ? 0 : file.Rows.Count - imported);
    }

    /// <summary>
    /// The same import as a job, for a whole year's file: the file is checked while it is sent (refused at once, as
    /// above); its rows are kept in parts, and the job imports them in the background (follow it with
    /// <see cref="IImportJobGrain.Get"/>: GET …/history/jobs/{id}).
    /// </summary>
    public static async Task<Outcome<HistoryJobStarted>> StartAsync(
        IGrainFactory grains, KnownSchool school, HttpRequest request, bool skipBadRows, TimeProvider clock, CancellationToken cancellationToken)
    {
        var check = await CheckAsync(grains, school, request, skipBadRows, clock, cancellationToken);
        if (check.Value is not { } file)
        {
            return check.Rejection!;
        }

        var id = RecordIds.New("import");
        var parts = file.Parts(clock.GetUtcNow());

        // A few parts at a time: a whole year's rows are megabytes, and each part is one write. Parts kept by a request
        // that stops here are never imported, and clear themselves a day later.
        await Parallel.ForEachAsync(Enumerable.Range(0, parts.Count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (n, _) => await grains.GetGrain<IImportPartGrain>(ImportKeys.Part(school.Id, id, n)).Keep(parts[n]));
        var job = await grains.GetGrain<IImportJobGrain>(ImportKeys.Job(school.Id, id)).Start(
            new ImportProgress(id, school.Id, ImportStatus.Running, file.Rows.Count, file.Pupils, 0, 0, clock.GetUtcNow(), null, null), parts.Count);
        return new HistoryJobStarted(job, file.Result(0, 0));
    }

    /// <summary>The file read and every row checked, or the refusal to answer with.</summary>
    private static async Task<Outcome<CheckedFile>> CheckAsync(
        IGrainFactory grains, KnownSchool school, HttpRequest request, bool skipBadRows, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!(request.ContentType ?? "").StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return Invalid([$"Send the historic marks as text/csv (got '{request.ContentType}'): columns UPN, Date, Session, Code, and optionally RecordedBy and RecordedAt."], unreadable: true);
        }

        var (csv, problem) = await CsvFile.OpenAsync(request.Body, RequiredColumns, "a row per pupil per session", cancellationToken);
        if (csv is null)
        {
            return Invalid([problem!], unreadable: true);
        }

        // Pupils who left are known too (their admission lines say which days they were on roll).
        var onRoll = await SchoolPupils.Known(grains, school.Id);
        var (rows, problems) = await ReadAsync(csv, school.Settings, onRoll, clock.GetUtcNow(), cancellationToken);
        if (problems.Count > 0 && !skipBadRows)
        {
            return Invalid(problems, unreadable: false);
        }

        return new CheckedFile(rows, problems);
    }

    /// <summary>A file whose rows passed the checks (and, with skipBadRows, the lines that did not).</summary>
    private sealed record CheckedFile(List<Row> Rows, IReadOnlyList<string> Skipped)
    {
        public int Pupils => Rows.Select(r => r.Upn).Distinct().Count();

        public HistoryImportResult Result(int imported, int alreadyInRegister) => new(
            Rows.Count,
            Pupils,
            imported,
            alreadyInRegister,
            Rows.Where(r => !r.Written.Equals(r.Code.Code, StringComparison.OrdinalIgnoreCase)).GroupBy(r => $"{r.Written.ToUpperInvariant()} → {r.Code.Code}").ToDictionary(g => g.Key, g => g.Count()),
            [.. Rows.GroupBy(r => r.Upn).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new PupilTotals(g.Key, g.GroupBy(r => r.Code.Category).ToDictionary(c => JsonNamingPolicy.CamelCase.ConvertName(c.Key.ToString()), c => c.Count())))],
            Skipped);

        /// <summary>
        /// Each pupil's rows as the register's entries (recorded <paramref name="now"/> when the file does not say),
        /// sixteen pupils to a part: a part is imported together, each pupil's rows in one append.
        /// </summary>
        public List<PupilHistory[]> Parts(DateTimeOffset now) =>
        [
            .. Rows.GroupBy(r => r.Upn)
                .Select(p => new PupilHistory(p.Key, p.OrderBy(r => r.Session)
                    .Select(r => new RegisterEntry(r.Session, r.Code.Code, MarkSource.Import, r.By, r.At ?? now, r.SchoolWeek))
                    .ToList()))
                .Chunk(ImportKeys.PupilsPerPart),
        ];
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

    /// <summary>The file refused whole; <paramref name="unreadable"/> when it could not be read at all (400 rather than 422).</summary>
    private static Rejection Invalid(IReadOnlyList<string> problems, bool unreadable) =>
        Rejection.NotImported(RejectionReason.InvalidHistory, problems, unreadable);
}
