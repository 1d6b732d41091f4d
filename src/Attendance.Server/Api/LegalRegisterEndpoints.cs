using System.Globalization;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using CsvHelper;
using Attendance.Grains.Registers;
using Attendance.Server.Http;

namespace Attendance.Server.Api;

/// <summary>The legal register as recorded: a school's export for a date range, and one pupil's session line by line.</summary>
public static class LegalRegisterEndpoints
{
    /// <summary>The longest export in one request: a school year and its summer holiday.</summary>
    public const int MaxExportDays = 400;

    public static RouteGroupBuilder MapLegalRegister(this RouteGroupBuilder api)
    {
        var school = api.MapGroup("/schools/{schoolId}").WithTags("Legal register");

        school.MapGet("/register.csv", async (string schoolId, DateOnly? from, DateOnly? to, IGrainFactory grains, ILegalRegister register, CancellationToken cancellationToken) =>
        {
            if (!DateRange.TryRead(from, to, MaxExportDays, out var first, out var last))
            {
                return Problems.Invalid($"An export needs from and to dates (e.g. from=2026-09-01&to=2026-12-18), from not after to, at most {MaxExportDays} days.", "from", "to");
            }

            if (await SchoolEndpoints.IfUnknown(schoolId, grains) is { } unknown)
            {
                return unknown;
            }

            var lines = await register.Read(schoolId, first, last, cancellationToken);
            return Results.Stream(
                body => WriteCsv(body, lines),
                "text/csv; charset=utf-8",
                $"attendance-register-{schoolId}-{first:yyyy-MM-dd}-to-{last:yyyy-MM-dd}.csv");
        })
            .RequireAccess(Capability.ExportRegister)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("The school's legal register for a date range as CSV: every mark and amendment, with who, role, source, original and reason");

        school.MapGet("/pupils/{upn}/sessions/{session}/history", async (string schoolId, string upn, string session, IGrainFactory grains, ILegalRegister register, CancellationToken cancellationToken) =>
        {
            if (!Session.TryParse(session, out var parsed))
            {
                return RegisterEndpoints.BadSession(session);
            }

            // Asking the pupil first also writes any entry a crash kept from the legal register (on activation).
            return await grains.GetPupil(schoolId, upn).GetDetails() is null
                ? PupilEndpoints.UnknownPupil(schoolId, upn)
                : Results.Ok(await register.History(schoolId, upn, parsed, cancellationToken));
        }).RequireAccess(Capability.ViewPupil).WithSummary("Every change to one pupil's session as the legal register holds it: each entry, who made it and in what role, and for an amendment the original and the reason");

        return api;
    }

    /// <summary>Register lines as the export's CSV (also a pupil's lines in their subject access export).</summary>
    public static async Task WriteCsv(Stream body, IReadOnlyList<LegalRegisterLine> lines)
    {
        // Reasons are typed by staff: a reason starting like a formula is escaped, not run by a spreadsheet.
        await using var csv = CsvWriter.Create(body, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true);
        await csv.WriteRecordAsync(Header);
        foreach (var line in lines)
        {
            await csv.WriteRecordAsync(Fields(line));
        }
    }

    private static readonly string[] Header =
    [
        "SchoolId", "UPN", "EntryNo", "Session", "Code", "Source", "RecordedBy", "RecordedRole", "RecordedAt", "ArrivedAt",
        "Reason", "AmendsEntryNo", "OriginalCode", "OriginalRecordedBy", "OriginalRecordedAt",
    ];

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
