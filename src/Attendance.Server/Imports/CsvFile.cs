using CsvHelper;

namespace Attendance.Server.Imports;

/// <summary>A CSV upload with a header row: its rows by line number and its fields by column name, whatever the case.</summary>
public sealed class CsvFile : IDisposable
{
    private readonly CsvReader csv;
    private readonly Dictionary<string, int> columns;

    private CsvFile(CsvReader csv, Dictionary<string, int> columns) => (this.csv, this.columns) = (csv, columns);

    /// <summary>The file, or the problem that stops it being read: no header, or required columns missing.</summary>
    /// <param name="what">What each row is, for the message about an empty file (e.g. "a row per pupil").</param>
    public static async Task<(CsvFile? File, string? Problem)> OpenAsync(Stream body, IReadOnlyList<string> required, string what, CancellationToken cancellationToken)
    {
        // CsvHelper reads the header synchronously, which Kestrel forbids on the request stream: buffer the file first.
        var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        var csv = CsvReader.Create(new StreamReader(buffer), new CsvReaderOptions { TrackLineNumbers = true, TrimWhitespace = true }, leaveOpen: false);
        var headers = csv.Headers ?? [];
        if (headers.Count == 0)
        {
            csv.Dispose();
            return (null, $"The CSV file is empty: it needs a header row and {what}.");
        }

        var columns = headers.Select((h, i) => (h, i)).ToDictionary(c => c.h, c => c.i, StringComparer.OrdinalIgnoreCase);
        var missing = required.Where(c => !columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            csv.Dispose();
            return (null, $"The CSV header is missing column(s): {string.Join(", ", missing)}.");
        }

        return (new CsvFile(csv, columns), null);
    }

    /// <summary>The line number of the row <see cref="ReadAsync"/> moved to.</summary>
    public int Line => (int)csv.LineNumber;

    public ValueTask<bool> ReadAsync(CancellationToken cancellationToken) => csv.ReadAsync(cancellationToken);

    /// <summary>The current row's value in <paramref name="column"/>; null when the column is absent or the value empty.</summary>
    public string? this[string column] =>
        columns.TryGetValue(column, out var index) && index < csv.FieldCount && csv.GetStringOrNull(index) is { Length: > 0 } value ? value : null;

    public void Dispose() => csv.Dispose();
}
