using System.Globalization;
using Attendance.Grains.Registers;
using CsvHelper;

namespace Attendance.Server.Returns;

/// <summary>Legal register lines as CSV: the school's export for a date range, and a pupil's lines in their subject access export.</summary>
public static class LegalRegisterCsv
{
    private static readonly string[] Header =
    [
        "SchoolId", "UPN", "EntryNo", "Session", "Code", "Source", "RecordedBy", "RecordedRole", "RecordedAt", "ArrivedAt",
        "Reason", "AmendsEntryNo", "OriginalCode", "OriginalRecordedBy", "OriginalRecordedAt",
    ];

    public static async Task Write(Stream body, IReadOnlyList<LegalRegisterLine> lines)
    {
        // Reasons are typed by staff: a reason starting like a formula is escaped, not run by a spreadsheet.
        await using var csv = CsvWriter.Create(body, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true);
        await csv.WriteRecordAsync(Header);
        foreach (var line in lines)
        {
            await csv.WriteRecordAsync(Fields(line));
        }
    }

    private static string[] Fields(LegalRegisterLine line) =>
    [
        line.SchoolId, line.Upn, Text(line.EntryNo), line.Session.ToString(), line.Code, line.Source.ToString(), line.RecordedBy,
        line.RecordedRole, Text(line.RecordedAt), line.ArrivedAt?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? "", line.Reason ?? "",
        line.AmendsEntryNo is { } amends ? Text(amends) : "", line.OriginalCode ?? "", line.OriginalRecordedBy ?? "",
        line.OriginalRecordedAt is { } originalAt ? Text(originalAt) : "",
    ];

    private static string Text(int number) => number.ToString(CultureInfo.InvariantCulture);

    private static string Text(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
