using System.Globalization;
using System.Text.Json;
using Attendance.Domain;
using Attendance.Server.Http;
using Attendance.Server.Imports;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Attendance.Server.Lessons;

/// <summary>
/// A timetable as a school's MIS exports it: one JSON document, or three CSV files sent as multipart/form-data
/// (docs/API.md): <c>periods</c> (Period, Name, Starts, Ends), <c>lessons</c> (Lesson, Group, Week, Day, Period,
/// Teacher, Room) and <c>groups</c> (Group, Name, Subject, UPN: a row per pupil in a group), with the form fields
/// <c>cycleWeeks</c> and <c>cycleStarts</c> for a two-week timetable. Problems name the file and line.
/// </summary>
public static class TimetableUpload
{
    public static async Task<(Timetable? Timetable, IReadOnlyList<string> Problems)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            return await ReadFilesAsync(await request.ReadFormAsync(cancellationToken), cancellationToken);
        }

        if (!request.HasJsonContentType())
        {
            return (null, [$"Send the timetable as application/json, or as CSV files in multipart/form-data (got '{request.ContentType}')."]);
        }

        try
        {
            var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            return await JsonSerializer.DeserializeAsync<Timetable>(request.Body, options, cancellationToken) is { } timetable
                ? (timetable, [])
                : (null, ["The timetable is empty: send its periods, groups and lessons."]);
        }
        catch (JsonException ex)
        {
            return (null, [$"The timetable is not valid JSON: {ex.Message}"]);
        }
    }

    private static async Task<(Timetable?, IReadOnlyList<string>)> ReadFilesAsync(IFormCollection form, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var periods = await ReadAsync(form, "periods", ["Period", "Starts", "Ends"], problems, (csv, at) =>
            TimeOnly.TryParseExact(csv["Starts"], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var starts)
            && TimeOnly.TryParseExact(csv["Ends"], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var ends)
                ? new Period(csv["Period"]!, csv["Name"] ?? csv["Period"]!, starts, ends)
                : Refuse<Period>(problems, $"{at}: Starts '{csv["Starts"]}' and Ends '{csv["Ends"]}' must be times in the form 09:00."), cancellationToken);
        var lessons = await ReadAsync(form, "lessons", ["Group", "Day", "Period", "Teacher", "Room"], problems, (csv, at) =>
        {
            var week = csv["Week"] ?? "1";
            if (!int.TryParse(week, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || !StrictEnumConverter.TryParse<DayOfWeek>(csv["Day"], out var day))
            {
                return Refuse<TimetabledLesson>(problems, $"{at}: Week '{week}' must be 1 or 2 and Day '{csv["Day"]}' a weekday's name (e.g. Monday).");
            }

            var id = csv["Lesson"] ?? $"{csv["Group"]}-{number}-{day.ToString()[..3]}-{csv["Period"]}";
            return new TimetabledLesson(id, csv["Group"]!, number, day, csv["Period"]!, csv["Teacher"]!, csv["Room"]!);
        }, cancellationToken);
        var members = await ReadAsync(form, "groups", ["Group", "Subject", "UPN"], problems,
            (csv, _) => (Group: csv["Group"]!, Name: csv["Name"] ?? csv["Group"]!, Subject: csv["Subject"]!, Upn: csv["UPN"]!), cancellationToken);

        var cycleWeeks = 1;
        DateOnly? cycleStarts = null;
        if (form["cycleWeeks"] is { Count: > 0 } weeks && !int.TryParse(weeks, NumberStyles.None, CultureInfo.InvariantCulture, out cycleWeeks))
        {
            problems.Add($"cycleWeeks '{weeks}' must be 1 or 2.");
        }

        if (form["cycleStarts"] is { Count: > 0 } starts)
        {
            cycleStarts = DateOnly.TryParseExact(starts, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
            if (cycleStarts is null)
            {
                problems.Add($"cycleStarts '{starts}' must be a date in the form 2026-09-07.");
            }
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var groups = members.GroupBy(m => m.Group, StringComparer.Ordinal)
            .Select(g => new TeachingGroup(g.Key, g.First().Name, g.First().Subject, [.. g.Select(m => m.Upn)]))
            .ToList();
        return (new Timetable(periods, groups, lessons, cycleWeeks, cycleStarts), []);
    }

    /// <summary>Every row of one CSV file of the form, or the problems that stop it being read (named by file and line).</summary>
    private static async Task<List<T>> ReadAsync<T>(
        IFormCollection form, string name, string[] required, List<string> problems, Func<CsvFile, string, T?> row, CancellationToken cancellationToken)
    {
        if (form.Files.GetFile(name) is not { } file)
        {
            problems.Add($"The form needs the CSV file '{name}' (see docs/API.md, \"Timetable\").");
            return [];
        }

        var (csv, problem) = await CsvFile.OpenAsync(file.OpenReadStream(), required, $"a row per {name[..^1]}", cancellationToken);
        if (csv is null)
        {
            problems.Add($"{name}.csv: {problem}");
            return [];
        }

        using (csv)
        {
            var rows = new List<T>();
            while (await csv.ReadAsync(cancellationToken))
            {
                var at = $"{name}.csv line {csv.Line}";
                if (required.FirstOrDefault(c => csv[c] is null) is { } empty)
                {
                    problems.Add($"{at}: {empty} is empty.");
                }
                else if (row(csv, at) is { } read)
                {
                    rows.Add(read);
                }
            }

            return rows;
        }
    }

    private static T? Refuse<T>(List<string> problems, string problem)
    {
        problems.Add(problem);
        return default;
    }
}
