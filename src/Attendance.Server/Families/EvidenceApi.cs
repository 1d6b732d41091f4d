using System.Security.Claims;
using System.Security.Cryptography;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Schools;
using Attendance.Server.Access;
using Attendance.Server.Hosting;
using Attendance.Server.Http;
using Attendance.Server.Imports;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Attendance.Server.Families;

/// <summary>
/// Evidence for an absence: a parent sends a photo or a PDF with their own report (checked by its first bytes and its
/// size, stored apart, listed on the report), and the office or the attendance lead opens it. Nobody else may: not
/// senior leaders through the requests page, not the other parent, not the parent who sent it (they know what it is).
/// </summary>
public static class EvidenceApi
{
    public static IEndpointRouteBuilder MapEvidenceApi(this IEndpointRouteBuilder app)
    {
        var limits = app.ServiceProvider.GetRequiredService<IOptions<LimitOptions>>().Value;
        app.MapPost("/api/family/children/{schoolId}/{upn}/absences/{reportId}/evidence", Attach)
            .WithTags("Parents")
            .WithMetadata(new UploadSizeLimit(limits.MaxEvidenceBytes + FormOverhead))
            .WithSummary("Send a photo (JPEG or PNG) or a PDF with one of your absence reports, as multipart/form-data in the field 'file' (Limits:MaxEvidenceBytes, 8 MB by default; 5 to a report)");

        app.MapGet("/api/schools/{schoolId}/absence-reports/{reportId}/evidence/{fileId}", Open)
            .WithTags("Parents' requests")
            .RequireAccess(Capability.Evidence)
            .ForKnownSchool()
            .WithSummary("Open a file a parent sent with their report (the office and the attendance lead); each opening is recorded as a read of the pupil's record");

        return app;
    }

    // The form's own bytes around the file (boundaries, headers): a file at the limit is refused by the check below,
    // with what to do, rather than by the server's body limit.
    private const long FormOverhead = 64 * 1024;

    public static async Task<Results<Created<AbsenceReport>, ProblemHttpResult>> Attach(
        string schoolId, string upn, string reportId, HttpRequest request, ClaimsPrincipal principal, IGrainFactory grains, IEvidenceStore store,
        IOptions<LimitOptions> limits, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await FamiliesApi.ParentOf(principal, grains, schoolId, upn) is not { } parent)
        {
            return FamiliesApi.NotTheirChild();
        }

        if (await FileOf(request, cancellationToken) is not { } file)
        {
            return Problems.Invalid("Send the file as multipart/form-data in a field named 'file'.", "file");
        }

        var most = limits.Value.MaxEvidenceBytes;
        if (file.Length > most)
        {
            return Refused($"The file is {Megabytes(file.Length)}, more than the {Megabytes(most)} the school takes. Take the photo again at a lower size, or send a PDF.");
        }

        var content = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, cancellationToken);
        }

        if (Evidence.KindOf(content) is not { } kind)
        {
            return Refused($"'{file.FileName}' is not {Evidence.Taken} (whatever its name says): send a photo of the card or letter, or a PDF.");
        }

        // Stored before it is listed, so a listed file is always there; refused by the report, or not listed because
        // the grain call failed, it goes at once.
        var id = RecordIds.New("evidence");
        await store.Save(schoolId, upn, id, content, cancellationToken);
        var evidence = new EvidenceFile(id, kind.ContentType, content.Length, Convert.ToHexStringLower(SHA256.HashData(content)), clock.GetUtcNow());
        Outcome<AbsenceReport> outcome;
        try
        {
            outcome = await grains.GetGrain<IFamilyRequestsGrain>(schoolId).AttachEvidence(reportId, upn, parent.AsParent(), evidence);
        }
        catch
        {
            await store.Delete(schoolId, id, CancellationToken.None);
            throw;
        }

        if (outcome.Rejection is not null)
        {
            await store.Delete(schoolId, id, CancellationToken.None);
        }

        return outcome.ToResult(report => TypedResults.Created($"/api/family/children/{schoolId}/{upn}", report));
    }

    /// <summary>The form's file, or null: not a form, no file, or a form that cannot be read (no boundary, cut short).</summary>
    private static async Task<IFormFile?> FileOf(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return null;
        }

        try
        {
            return (await request.ReadFormAsync(cancellationToken)).Files.GetFile("file") is { Length: > 0 } file ? file : null;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException and not BadHttpRequestException)
        {
            return null; // a body too large is the server's 413 (body-too-large), not this
        }
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Open(
        string reportId, string fileId, KnownSchool school, HttpContext http, ClaimsPrincipal user, IGrainFactory grains, IEvidenceStore store, IPupilReads reads,
        [FromKeyedServices(SchoolClock.Key)] TimeProvider clock, CancellationToken cancellationToken)
    {
        var report = (await grains.GetGrain<IFamilyRequestsGrain>(school.Id).List()).Reports.FirstOrDefault(r => r.Id == reportId);
        if (report?.Evidence?.FirstOrDefault(f => f.Id == fileId) is not { } file || await store.Read(school.Id, fileId, cancellationToken) is not { } content)
        {
            return Problems.NotFound(RejectionReason.UnknownRequest, $"School '{school.Id}' has no file '{fileId}' with report '{reportId}'.");
        }

        await reads.Reading(user, school.Id, report.Upn, PupilReadKind.AbsenceEvidence, withContacts: false, clock);

        // Opened as a download, never shown inside the service's pages, and not kept by the browser's cache.
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.ContentSecurityPolicy = $"{SecurityHeaders.ContentSecurityPolicy}; sandbox";
        var extension = Evidence.KindOf(content)?.Extension ?? "bin";
        return TypedResults.File(content, file.ContentType, $"{report.Upn}-{fileId}.{extension}");
    }

    private static ProblemHttpResult Refused(string detail) => new Rejection(RejectionReason.EvidenceRefused, $"{detail} Nothing was sent.", ["file"]).ToProblem();

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024):0.#} MB";
}
