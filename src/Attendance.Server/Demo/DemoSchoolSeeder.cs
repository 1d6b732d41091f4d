using Attendance.Grains;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Attendance.Server.Demo;

/// <summary>Seeds the demo school in the background once the silo is up, so /health answers at once.</summary>
public sealed class DemoSchoolSeeder(IOptions<AttendanceOptions> options, IConfiguration configuration, IGrainFactory grains, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock, ILogger<DemoSchoolSeeder> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SeedsDemoSchool(configuration))
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

        // History up to the session the dashboard shows (today's, or the last school day's), which is then played live.
        var shown = SessionRules.LatestSession(settings.Calendar, settings.SessionTimes, settings.LocalTime(now))
            ?? new Session(settings.Calendar.SchoolDays().First(), SessionPart.AM);
        var marks = await Task.WhenAll(roster.Pupils.Select(p =>
            grains.GetPupil(DemoSchool.Id, p.Upn).ImportHistory(DemoSchool.History(settings, p, shown, now))));
        logger.LogInformation(
            "Demo school '{SchoolId}' ready: {Classes} classes, {Pupils} pupils, {Marks} historic marks, in {Elapsed:F1} s. Playing the {Session} session at {Speed}x speed",
            DemoSchool.Id, roster.Classes.Count, roster.Pupils.Count, marks.Sum(), clock.GetElapsedTime(started).TotalSeconds, shown, options.Value.DemoSpeed);
        await DemoMorning.PlayAsync(DemoMorning.Plan(DemoSchool.Id, settings, roster, shown), grains, options.Value.DemoSpeed, logger, stoppingToken);
        logger.LogInformation("Demo session {Session} played", shown);
    }
}
