using System.Security.Claims;
using System.Text.Json;
using Attendance.Server.Access;
using Attendance.Grains.Abstractions;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Attendance.Server.Http;

namespace Attendance.Server.Api;

/// <summary>Roster import in either format. Nothing is imported unless every row is valid.</summary>
public static class RosterImport
{
    /// <param name="dryRun">Work out and return what the import would change (a preview), changing nothing.</param>
    public static async Task<IResult> Handle(
        string schoolId, bool? dryRun, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        if (await SchoolEndpoints.IfUnknown(schoolId, grains) is { } unknown)
        {
            return unknown;
        }

        var school = grains.GetGrain<ISchoolGrain>(schoolId);

        var (roster, problems) = await ReadAsync(request, json.Value.SerializerOptions, cancellationToken);
        if (roster is null)
        {
            return Rejection.NotImported(RejectionReason.InvalidRoster, problems, unreadable: true).ToProblem();
        }

        return dryRun == true
            ? (await school.PreviewRoster(roster)).ToResult()
            : (await school.ImportRoster(roster, user.Staff())).ToResult();
    }

    private static async Task<(Roster?, IReadOnlyList<string>)> ReadAsync(HttpRequest request, JsonSerializerOptions options, CancellationToken cancellationToken)
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
