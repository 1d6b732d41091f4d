using System.Globalization;
using Attendance.Grains.Abstractions;
using CsvHelper;

namespace Attendance.Server.Api;

/// <summary>
/// Reads a roster exported from a school's MIS as CSV: one row per pupil. Classes come from the RegistrationGroup
/// column (with optional ClassName and Phase). Up to three contacts, in priority order: Contact1Name,
/// Contact1Relationship, Contact1Phone, then Contact2…, Contact3…. Problems are reported by line number.
/// </summary>
public static class RosterCsv
{
    public static readonly string[] RequiredColumns =
        ["UPN", "LegalForename", "LegalSurname", "DateOfBirth", "YearGroup", "RegistrationGroup"];

    public static async Task<(Roster? Roster, IReadOnlyList<string> Problems)> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        // CsvHelper reads the header synchronously, which Kestrel forbids on the request stream: buffer the file first.
        var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        using var reader = new StreamReader(buffer);
        using var csv = CsvReader.Create(reader, new CsvReaderOptions { TrackLineNumbers = true, TrimWhitespace = true }, leaveOpen: false);
        var headers = csv.Headers ?? [];
        if (headers.Count == 0)
        {
            return (null, ["The CSV file is empty: it needs a header row and a row per pupil."]);
        }

        var columns = headers.Select((h, i) => (h, i)).ToDictionary(c => c.h, c => c.i, StringComparer.OrdinalIgnoreCase);
        var missing = RequiredColumns.Where(c => !columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            return (null, [$"The CSV header is missing column(s): {string.Join(", ", missing)}."]);
        }

        var pupils = new List<PupilDetails>();
        var lines = new List<int>();
        var classes = new Dictionary<string, RegistrationGroup>();
        var problems = new List<string>();
        while (await csv.ReadAsync(cancellationToken))
        {
            var line = csv.LineNumber;
            var row = csv;
            string? Field(string name) =>
                columns.TryGetValue(name, out var index) && index < row.FieldCount && row.GetStringOrNull(index) is { Length: > 0 } value ? value : null;

            if (!DateOnly.TryParseExact(Field("DateOfBirth"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dateOfBirth))
            {
                problems.Add($"Line {line}: DateOfBirth '{Field("DateOfBirth")}' is not a date in the form 2019-04-30.");
                continue;
            }

            var flags = new List<bool>();
            foreach (var column in new[] { "PupilPremium", "SEND", "HasSocialWorker", "Vulnerable" })
            {
                if (!TryFlag(Field(column), out var flag))
                {
                    problems.Add($"Line {line}: {column} '{Field(column)}' should be Y, N, true, false or empty.");
                }

                flags.Add(flag);
            }

            var group = Field("RegistrationGroup") ?? "";
            classes.TryAdd(group, new RegistrationGroup(group, Field("ClassName") ?? group, Field("Phase")));
            var contacts = Enumerable.Range(1, 3)
                .Where(i => Field($"Contact{i}Name") is not null || Field($"Contact{i}Phone") is not null)
                .Select(i => new Contact(Field($"Contact{i}Name") ?? "", Field($"Contact{i}Relationship") ?? "", Field($"Contact{i}Phone") ?? ""))
                .ToList();
            lines.Add((int)line);
            pupils.Add(new PupilDetails(
                Field("UPN") ?? "", Field("LegalForename") ?? "", Field("LegalSurname") ?? "",
                Field("PreferredForename"), Field("PreferredSurname"), dateOfBirth, Field("YearGroup") ?? "", group,
                new PupilFlags(flags[0], flags[1], flags[2], flags[3]), contacts));
        }

        return problems.Count > 0 ? (null, problems) : (new Roster([.. classes.Values], pupils, lines), []);
    }

    private static bool TryFlag(string? value, out bool flag)
    {
        flag = value?.ToUpperInvariant() is "Y" or "YES" or "TRUE" or "1";
        return value is null || flag || value.ToUpperInvariant() is "N" or "NO" or "FALSE" or "0";
    }
}
