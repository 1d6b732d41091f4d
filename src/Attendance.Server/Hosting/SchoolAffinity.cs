using System.Collections.Concurrent;
using System.Reflection;
using Attendance.Grains.Schools;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Attendance.Server.Hosting;

/// <summary>
/// A school's grains are placed on the silo its requests reach (<see cref="AttendanceOptions.SchoolAffinity"/>). The
/// balancer sends every request for a school to one silo (deploy/nginx.conf hashes the school in the path), and the
/// grains those requests activate (the school, its classes and pupils, its feed and roll-up) are placed on that silo
/// with Orleans' placement hint, so a mark makes no hop between silos. A school's grain first woken otherwise (a
/// dashboard's subscription, a reminder) is placed where the school's id hashes; the first call from its school's
/// requests moves it to their silo (<see cref="FollowSchoolRequests"/>).
/// </summary>
internal static class SchoolAffinity
{
    /// <summary>The school whose requests these are: only its own grains follow them (another school's, reached from here, stay).</summary>
    public const string SchoolKey = "attendance.school";

    public static WebApplication UseSchoolAffinity(this WebApplication app)
    {
        var silo = app.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        app.Use(async (context, next) =>
        {
            // Set in this async method: the hint flows into the request's grain calls and is gone when it returns.
            if (context.Request.Path.StartsWithSegments("/api/schools", StringComparison.OrdinalIgnoreCase, out var rest))
            {
                RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
                if (SchoolOf(rest) is { Length: > 0 } school)
                {
                    RequestContext.Set(SchoolKey, school);
                }
            }

            await next(context);
        });
        return app;
    }

    /// <summary>The first segment of what follows <c>/api/schools</c>: the school's id (every marking request passes here, so no split).</summary>
    private static string SchoolOf(PathString rest)
    {
        var path = rest.Value.AsSpan().TrimStart('/');
        var end = path.IndexOf('/');
        return (end < 0 ? path : path[..end]).ToString();
    }
}

/// <summary>
/// Moves a school's grain to the silo its school's requests reach when one of them calls it from another silo: the
/// call carries the requests' placement hint (<see cref="SchoolAffinity"/>), and the grain migrates once idle. Only
/// grains placed by school (<see cref="SchoolPlacementAttribute"/>); a grain with nothing to carry over starts afresh
/// there, as after a silo's failure (a dashboard's feed, for instance, tells its subscribers to take a new snapshot).
/// </summary>
internal sealed class FollowSchoolRequests(ILocalSiloDetails silo) : IIncomingGrainCallFilter
{
    private static readonly ConcurrentDictionary<Type, bool> SchoolPlaced = new();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (RequestContext.Get(IPlacementDirector.PlacementHintKey) is SiloAddress requests && !requests.Equals(silo.SiloAddress)
            && RequestContext.Get(SchoolAffinity.SchoolKey) is string school
            && context.TargetContext.GrainInstance?.GetType() is { } type
            && SchoolPlaced.GetOrAdd(type, t => t.GetCustomAttribute<SchoolPlacementAttribute>() is not null)
            && SchoolPlacementDirector.SchoolOf(context.TargetContext.GrainId.Key.ToString()!) == school)
        {
            context.TargetContext.Migrate(new Dictionary<string, object> { [IPlacementDirector.PlacementHintKey] = requests });
        }

        return context.Invoke();
    }
}

