using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Attendance.Server.Http;

/// <summary>
/// The school a <c>/schools/{schoolId}</c> route is about, resolved and checked once for the request by
/// <see cref="KnownSchools.ForKnownSchool{TBuilder}"/>: a handler takes it (its id and settings) instead of reading the
/// school's settings only to learn whether it exists.
/// </summary>
public sealed class KnownSchool
{
    private SchoolSettings? settings;

    public string Id { get; private set; } = "";

    public SchoolSettings Settings => settings ?? throw new InvalidOperationException("The route has no known-school filter: add ForKnownSchool() to it.");

    internal void Found(string id, SchoolSettings found) => (Id, settings) = (id, found);
}

public static class KnownSchools
{
    public static IServiceCollection AddKnownSchool(this IServiceCollection services) => services.AddScoped<KnownSchool>();

    /// <summary>
    /// A school that does not exist is answered 404 <c>unknown-school</c> before anything else is done (access was
    /// checked first: a role without the capability gets its 403 whether or not the school exists).
    /// </summary>
    public static TBuilder ForKnownSchool<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder
        .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status404NotFound, typeof(ProblemDetails), ["application/problem+json"]))
        .AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var id = (string)http.GetRouteValue("schoolId")!;
            if (await http.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<ISchoolGrain>(id).GetSettings() is not { } settings)
            {
                return UnknownSchool(id);
            }

            http.RequestServices.GetRequiredService<KnownSchool>().Found(id, settings);
            return await next(context);
        });

    public static ProblemHttpResult UnknownSchool(string schoolId) =>
        Problems.NotFound(RejectionReason.UnknownSchool, $"There is no school '{schoolId}'. Create it with PUT /api/schools/{schoolId}.");
}
