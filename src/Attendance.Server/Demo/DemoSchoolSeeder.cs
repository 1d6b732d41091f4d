using Attendance.Grains.Abstractions;
using Attendance.Server.Hosting;

namespace Attendance.Server.Demo;

/// <summary>Seeds the demo school in the background once the silo is up, so /health answers at once.</summary>
public sealed class DemoSchoolSeeder(IServiceProvider services, IConfiguration configuration, IGrainFactory grains, TimeProvider clock, ILogger<DemoSchoolSeeder> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!services.SeedsDemoSchool(configuration))
        {
            return;
        }

        var started = clock.GetTimestamp();
        var now = clock.GetUtcNow();
        var school = grains.GetGrain<ISchoolGrain>(DemoSchool.Id);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var settings = DemoSchool.Settings(today);
        today = DateOnly.FromDateTime(settings.LocalTime(now));

        await school.Configure(settings);
        var roster = DemoSchool.Roster(today);
        var outcome = await school.ImportRoster(roster);
        if (outcome.Result is null)
        {
            logger.LogError("Demo roster was refused: {Problems}", string.Join(" ", outcome.Problems));
            return;
        }

        var marks = await Task.WhenAll(roster.Pupils.Select(p =>
            grains.GetPupil(DemoSchool.Id, p.Upn).ImportHistory(DemoSchool.History(settings, p, today, now))));
        logger.LogInformation(
            "Demo school '{SchoolId}' ready: {Classes} classes, {Pupils} pupils, {Marks} historic marks, in {Elapsed:F1} s",
            DemoSchool.Id, roster.Classes.Count, roster.Pupils.Count, marks.Sum(), clock.GetElapsedTime(started).TotalSeconds);
    }
}
