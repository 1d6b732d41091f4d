using Attendance.Server.Hosting;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using System.Security.Claims;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Server.Http;

namespace Attendance.Server.Api;

public static class SchoolEndpoints
{
    public static RouteGroupBuilder MapSchools(this RouteGroupBuilder api)
    {
        api.MapGet("/codes", () => NationalCodes.All)
            .AllowAnonymous()
            .WithSummary("The national attendance codes (2024 set) with their statistical categories");

        api.MapGet("/schools", async (ClaimsPrincipal user, IGrainFactory grains) =>
            {
                var staff = StaffUser.From(user);
                var schools = await grains.GetGrain<ISchoolDirectoryGrain>(ISchoolDirectoryGrain.Key).GetSchools();
                return schools.Where(s => AccessRules.Allows(staff, Capability.SchoolInfo, s.SchoolId));
            })
            .WithTags("Schools")
            .WithSummary("The schools of this deployment (the trust) the signed-in user works at; all of them for trust leaders");

        var schools = api.MapGroup("/schools/{schoolId}").WithTags("Schools");

        schools.MapPut("/", async (string schoolId, SchoolSettings? settings, IGrainFactory grains) =>
        {
            if (Incomplete(settings) is { } incomplete)
            {
                return incomplete;
            }

            var school = grains.GetGrain<ISchoolGrain>(schoolId);
            var existed = await school.GetSettings() is not null;
            return (await school.Configure(settings!)).ToResult(() => existed ? Results.Ok(settings) : Results.Created($"/api/schools/{schoolId}", settings));
        }).RequireAccess(Capability.ManageSchool).WithSummary("Create a school or change its settings (calendar, register times, time zone)");

        schools.MapGet("/", async (string schoolId, IGrainFactory grains) =>
            await grains.GetGrain<ISchoolGrain>(schoolId).GetSettings() is { } settings
                ? Results.Ok(settings)
                : UnknownSchool(schoolId))
            .RequireAccess(Capability.SchoolInfo)
            .WithSummary("A school's settings");

        schools.MapGet("/classes", async (string schoolId, IGrainFactory grains) =>
        {
            var school = grains.GetGrain<ISchoolGrain>(schoolId);
            return await school.GetSettings() is null ? UnknownSchool(schoolId) : Results.Ok(await school.GetClasses());
        }).RequireAccess(Capability.SchoolInfo).WithSummary("The school's classes (registration groups)");

        schools.MapGet("/status", async (string schoolId, IGrainFactory grains) =>
            await grains.GetGrain<ISchoolGrain>(schoolId).GetLiveStatus() is { } status
                ? Results.Ok(status)
                : UnknownSchool(schoolId))
            .RequireAccess(Capability.ViewSchool)
            .WithSummary("Live register status of every class for the current session");

        schools.MapPost("/roster", RosterImport.Handle)
            .RequireAccess(Capability.ManageSchool)
            .WithMetadata(new UploadSizeLimit(((IEndpointRouteBuilder)api).ServiceProvider.GetRequiredService<IOptions<LimitOptions>>().Value.MaxRosterBytes))
            .Accepts<Roster>("application/json", "text/csv")
            .WithSummary("Import classes and pupils as JSON or CSV; importing again updates, never duplicates");

        schools.MapPost("/history", HistoryImport.Handle)
            .RequireAccess(Capability.ManageSchool)
            .WithMetadata(new UploadSizeLimit(((IEndpointRouteBuilder)api).ServiceProvider.GetRequiredService<IOptions<LimitOptions>>().Value.MaxHistoryBytes))
            .WithDescription("Body: text/csv with columns UPN, Date, Session, Code and optionally RecordedBy, RecordedAt (docs/API.md). Other content types are answered 400 invalid-history after access is checked.")
            .WithSummary("Import the year's marks so far from the previous system (CSV); nothing is imported if any row is refused, and importing again changes nothing");

        schools.MapPost("/history/jobs", HistoryImport.Start)
            .RequireAccess(Capability.ManageSchool)
            .WithMetadata(new UploadSizeLimit(((IEndpointRouteBuilder)api).ServiceProvider.GetRequiredService<IOptions<LimitOptions>>().Value.MaxHistoryBytes))
            .WithSummary("The same import for a whole year's file: checked at once (422 with every refused line), then imported in the background; 202 with the job and the file's figures");

        schools.MapGet("/history/jobs/{id}", async (string schoolId, string id, IGrainFactory grains) =>
            await grains.GetGrain<IImportJobGrain>($"{schoolId}/{id}").Get() is { } progress
                ? Results.Ok(progress)
                : Problems.NotFound(RejectionReason.UnknownRequest, $"There is no import '{id}' for school '{schoolId}' (an import's progress is kept for an hour after it ends). Importing the same file again imports only what is missing."))
            .RequireAccess(Capability.ManageSchool)
            .WithSummary("A historic marks import's progress: Running, Done or Failed, pupils done of the file's pupils, sessions imported");

        return api;
    }

    /// <summary>Settings (a school's or a provision's) missing a part the model binder let through as null.</summary>
    public static IResult? Incomplete(SchoolSettings? settings) => Refusals.Incomplete(settings);

    /// <summary>The unknown-school problem when there is no such school, else null.</summary>
    public static async Task<IResult?> IfUnknown(string schoolId, IGrainFactory grains) =>
        await grains.GetGrain<ISchoolGrain>(schoolId).GetSettings() is null ? UnknownSchool(schoolId) : null;

    public static IResult UnknownSchool(string schoolId) => KnownSchools.UnknownSchool(schoolId);
}

/// <summary>A roster or a history file may be bigger than other bodies (<see cref="LimitOptions.MaxRosterBytes"/>, <see cref="LimitOptions.MaxHistoryBytes"/>).</summary>
internal sealed record UploadSizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
