using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Attendance.Server.Hosting;

/// <summary>
/// A school's grains are placed on the silo its requests reach (<see cref="AttendanceOptions.SchoolAffinity"/>). The
/// balancer sends every request for a school to one silo (deploy/nginx.conf hashes the school in the path), and the
/// grains those requests activate (the school, its classes and pupils, its feed and roll-up) are placed on that silo
/// with Orleans' placement hint, so a mark makes no hop between silos. Grains first woken otherwise (a reminder, a
/// trust-wide job) go where the school's placement hashes them; the school's requests then reach them across silos
/// until they are collected.
/// </summary>
internal static class SchoolAffinity
{
    public static WebApplication UseSchoolAffinity(this WebApplication app)
    {
        var silo = app.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        app.Use(async (context, next) =>
        {
            // Set in this async method: the hint flows into the request's grain calls and is gone when it returns.
            if (context.Request.Path.StartsWithSegments("/api/schools", StringComparison.OrdinalIgnoreCase))
            {
                RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
            }

            await next(context);
        });
        return app;
    }
}
