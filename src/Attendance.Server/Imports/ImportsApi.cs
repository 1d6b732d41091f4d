using System.Security.Claims;
using System.Text.Json;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Schools;
using Attendance.Server.Access;
using Attendance.Server.Hosting;
using Attendance.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Attendance.Server.Imports;

/// <summary>
/// A school's data from its MIS and its previous system: the roster (classes and pupils, JSON or CSV, with a preview),
/// and the year's marks so far (CSV; at once, or as a job for a whole year's file). Nothing is imported unless every
/// row is valid (or, for marks, with skipBadRows, the rows that are), and importing the same file again changes nothing.
/// </summary>
public static class ImportsApi
{
    public static IEndpointRouteBuilder MapImportsApi(this IEndpointRouteBuilder app)
    {
        var limits = app.ServiceProvider.GetRequiredService<IOptions<LimitOptions>>().Value;
        var school = app.MapGroup("/api/schools/{schoolId}").WithTags("Schools").ForKnownSchool();

        school.MapPost("/roster", ImportRoster)
            .RequireAccess(Capability.ManageSchool)
            .ForKnownSchool()
            .WithMetadata(new UploadSizeLimit(limits.MaxRosterBytes))
            .Accepts<Roster>("application/json", "text/csv")
            .WithSummary("Import classes and pupils as JSON or CSV; importing again updates, never duplicates");

        school.MapPost("/history", ImportHistory)
            .RequireAccess(Capability.ManageSchool)
            .ForKnownSchool()
            .WithMetadata(new UploadSizeLimit(limits.MaxHistoryBytes))
            .WithDescription("Body: text/csv with columns UPN, Date, Session, Code and optionally RecordedBy, RecordedAt (docs/API.md). Other content types are answered 400 invalid-history after access is checked.")
            .WithSummary("Import the year's marks so far from the previous system (CSV); nothing is imported if any row is refused, and importing again changes nothing");

        school.MapPost("/history/jobs", StartHistoryJob)
            .RequireAccess(Capability.ManageSchool)
            .ForKnownSchool()
            .WithMetadata(new UploadSizeLimit(limits.MaxHistoryBytes))
            .WithSummary("The same import for a whole year's file: checked at once (422 with every refused line), then imported in the background; 202 with the job and the file's figures");

        // Not behind the known-school filter: the job is the one thing read (a school that does not exist has none).
        school.MapGet("/history/jobs/{id}", GetHistoryJob)
            .RequireAccess(Capability.ManageSchool)
            .WithSummary("A historic marks import's progress: Running, Done or Failed, pupils done of the file's pupils, sessions imported");

        return app;
    }

    /// <param name="dryRun">Work out and return what the import would change (a preview), changing nothing.</param>
    public static async Task<Results<Ok<RosterImportResult>, Ok<RosterPreview>, ProblemHttpResult>> ImportRoster(
        string schoolId, KnownSchool school, bool? dryRun, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        var (roster, problems) = await ReadRosterAsync(request, json.Value.SerializerOptions, cancellationToken);
        if (roster is null)
        {
            return Rejection.NotImported(RejectionReason.InvalidRoster, problems, unreadable: true).ToProblem();
        }

        var grain = grains.GetGrain<ISchoolGrain>(school.Id);
        if (dryRun == true)
        {
            var preview = await grain.PreviewRoster(roster);
            return preview.Rejection is { } refused ? refused.ToProblem() : TypedResults.Ok(preview.Value!);
        }

        var imported = await grain.ImportRoster(roster, user.Staff());
        return imported.Rejection is { } refusal ? refusal.ToProblem() : TypedResults.Ok(imported.Value!);
    }

    /// <param name="dryRun">Check the file and report what it holds, importing nothing.</param>
    /// <param name="skipBadRows">Import the rows that pass and report the others, instead of refusing the whole file.</param>
    public static async Task<Results<Ok<HistoryImportResult>, ProblemHttpResult>> ImportHistory(
        string schoolId, KnownSchool school, bool? dryRun, bool? skipBadRows, HttpRequest request, IGrainFactory grains,
        [FromKeyedServices(SchoolClock.Key)] TimeProvider clock, CancellationToken cancellationToken) =>
        (await HistoryImporter.ImportAsync(grains, school, request, dryRun == true, skipBadRows == true, clock, cancellationToken)).ToResult();

    /// <summary>202 with the job, at the address to follow it, and the file's figures.</summary>
    /// <param name="skipBadRows">Import the rows that pass and report the others, instead of refusing the whole file.</param>
    public static async Task<Results<Accepted<HistoryJobStarted>, ProblemHttpResult>> StartHistoryJob(
        string schoolId, KnownSchool school, bool? skipBadRows, HttpRequest request, IGrainFactory grains,
        [FromKeyedServices(SchoolClock.Key)] TimeProvider clock, CancellationToken cancellationToken) =>
        (await HistoryImporter.StartAsync(grains, school, request, skipBadRows == true, clock, cancellationToken))
            .ToResult(started => TypedResults.Accepted($"/api/schools/{school.Id}/history/jobs/{started.Job.Id}", started));

    public static async Task<Results<Ok<ImportProgress>, ProblemHttpResult>> GetHistoryJob(string schoolId, string id, IGrainFactory grains) =>
        await grains.GetGrain<IImportJobGrain>(ImportKeys.Job(schoolId, id)).Get() is { } progress
            ? TypedResults.Ok(progress)
            : Problems.NotFound(RejectionReason.UnknownRequest,
                $"There is no import '{id}' for school '{schoolId}' (an import's progress is kept for an hour after it ends). Importing the same file again imports only what is missing.");

    /// <summary>The roster as JSON or CSV, or the problems that stop it being read.</summary>
    private static async Task<(Roster?, IReadOnlyList<string>)> ReadRosterAsync(HttpRequest request, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        var contentType = request.ContentType ?? "";
        if (contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return await RosterCsv.ReadAsync(request.Body, cancellationToken);
        }

        if (!request.HasJsonContentType())
        {
            return (null, [$"Send the roster as application/json or text/csv (got '{contentType}')."]);
        }

        try
        {
            var roster = await JsonSerializer.DeserializeAsync<Roster>(request.Body, options, cancellationToken);
            return roster?.Classes is null || roster.Pupils is null || roster.Pupils.Any(p => p is null) || roster.Classes.Any(c => c is null)
                ? (null, ["A roster needs 'classes' and 'pupils' lists."])
                : (roster with { Pupils = [.. roster.Pupils.Select(p => p with { Contacts = p.Contacts ?? [], Flags = p.Flags ?? new PupilFlags() })] }, []);
        }
        catch (JsonException ex)
        {
            return (null, [$"The roster is not valid JSON: {ex.Message}"]);
        }
    }
}

/// <summary>A roster or a history file may be bigger than other bodies (<see cref="LimitOptions.MaxRosterBytes"/>, <see cref="LimitOptions.MaxHistoryBytes"/>).</summary>
internal sealed record UploadSizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
