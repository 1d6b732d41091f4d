using System.Security.Claims;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.Server.SchoolYears;

/// <summary>
/// The end of a school year for the office: preview what it does (promotions, leavers, the alerts it closes, what
/// carries on), then do it once, from the year's last day, with next year's calendar entered
/// (<see cref="ISchoolGrain.EndYear"/>).
/// </summary>
public static class SchoolYearsApi
{
    public static IEndpointRouteBuilder MapSchoolYearsApi(this IEndpointRouteBuilder app)
    {
        var school = app.MapGroup("/api/schools/{schoolId}/year-end").WithTags("Year end").ForKnownSchool().RequireAccess(Capability.ManageSchool);

        school.MapGet("/", PreviewYearEnd)
            .WithSummary("What ending this school year would do (or did): every pupil up a year group, the final year group leaving, this year's alerts closed, casework carried on; and what stops it yet");

        school.MapPost("/", EndYear)
            .WithSummary("End the school year (once, from its last day, with next year's terms entered); done again, answers what was done");

        return app;
    }

    /// <param name="finalYearGroup">The year group that leaves; the oldest on roll when absent.</param>
    public static async Task<Results<Ok<YearEndPlan>, ProblemHttpResult>> PreviewYearEnd(string? finalYearGroup, KnownSchool school, IGrainFactory grains) =>
        (await grains.GetGrain<ISchoolGrain>(school.Id).PreviewYearEnd(finalYearGroup)).ToResult();

    public static async Task<Results<Ok<YearEndPlan>, ProblemHttpResult>> EndYear(YearEndRequest? request, KnownSchool school, ClaimsPrincipal user, IGrainFactory grains) =>
        (await grains.GetGrain<ISchoolGrain>(school.Id).EndYear(request?.FinalYearGroup, user.Staff())).ToResult();
}

/// <param name="FinalYearGroup">The year group that leaves, as the preview showed it; the oldest on roll when absent.</param>
public sealed record YearEndRequest(string? FinalYearGroup);
