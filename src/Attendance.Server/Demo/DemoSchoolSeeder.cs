using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Hosting;
using Microsoft.Extensions.Options;
using Attendance.Grains.Schools;

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
        var settings = DemoSchool.Settings(DateOnly.FromDateTime(now.UtcDateTime));
        var today = DateOnly.FromDateTime(settings.LocalTime(now));
        var schools = new (string Id, SchoolSettings Settings, Roster Roster)[]
        {
            (DemoSchool.Id, settings, DemoFamilies.WithFamilies(DemoSchool.Roster(today), DemoSchool.Id)),
            (DemoSchool.RiversideId, DemoSchool.Settings(today, "Riverside Primary (demo)", "900002", "9992002"),
                DemoFamilies.WithFamilies(DemoSchool.Roster(today, ["Willow"], firstUpn: 802_000_000_000), DemoSchool.RiversideId)),
            (DemoSecondary.Id, DemoSecondary.Settings(today), DemoSecondary.Roster(today)),
        };

        // History up to the session the dashboards show (today's, or the last school day's), which is then played live.
        var shown = SessionRules.LatestSession(settings.Calendar, settings.SessionTimes, settings.LocalTime(now))
            ?? new Session(settings.Calendar.SchoolDays().First(), SessionPart.AM);
        foreach (var (id, schoolSettings, roster) in schools)
        {
            if (!await Seed(id, schoolSettings, roster, shown, now))
            {
                return;
            }
        }

        var secondary = schools.Single(s => s.Id == DemoSecondary.Id);
        var timetable = DemoSecondary.Timetable(secondary.Roster);
        if ((await grains.GetGrain<ITimetableGrain>(DemoSecondary.Id).Import(timetable, new Staff("Demo data", "Timetabler"))).Rejection is { } refused)
        {
            logger.LogError("Demo timetable of '{SchoolId}' was refused: {Problems}", DemoSecondary.Id, string.Join(" ", refused.Items.Take(5)));
            return;
        }

        await DemoFamilies.SeedRequests(grains, schools, today);
        await DemoCasework.Seed(grains, DemoSchool.Id, settings, schools[0].Roster, today);
        var provision = grains.GetGrain<IProvisionGrain>(DemoProvision.Id);
        var provisionSettings = DemoProvision.Settings(settings.Calendar);
        await provision.Configure(provisionSettings);
        var guests = DemoProvision.Placements(schools.Select(s => (s.Id, s.Roster)), shown);
        foreach (var guest in guests)
        {
            await provision.PlaceGuest(guest);
        }

        logger.LogInformation(
            "Demo trust ready in {Elapsed:F1} s: schools {Schools}, provision '{ProvisionId}' with {Guests} guests. Playing the {Session} session at {Speed}x speed",
            clock.GetElapsedTime(started).TotalSeconds, string.Join(", ", schools.Select(s => s.Id)), DemoProvision.Id, guests.Count, shown, options.Value.DemoSpeed);
        var atProvision = guests.Select(g => g.Upn).ToHashSet();
        var plan = schools.SelectMany(s => DemoMorning.Plan(s.Id, s.Settings, s.Roster, shown, atProvision))
            .Concat(DemoProvision.Plan(provisionSettings, guests, shown))
            .Concat(DemoSecondary.Lessons(secondary.Settings, timetable, shown))
            .Concat(shown == new Session(today, SessionPart.AM) ? [DemoMorning.Dentist(DemoSchool.Id, settings.SessionTimes.Am.Closes.AddMinutes(45))] : [])
            .Concat(schools.Select(s => new DemoMorning.Step(
                s.Settings.LastClose(shown.Part).AddMinutes(1), grains => grains.GetGrain<IFollowUpGrain>(s.Id).SessionClosed(shown))))
            .OrderBy(step => step.At)
            .ToList();
        await DemoMorning.PlayAsync(plan, grains, options.Value.DemoSpeed, logger, stoppingToken);
        logger.LogInformation("Demo session {Session} played", shown);
    }

    private async Task<bool> Seed(string schoolId, SchoolSettings settings, Roster roster, Session shown, DateTimeOffset now)
    {
        var school = grains.GetGrain<ISchoolGrain>(schoolId);
        await school.Configure(settings);
        var outcome = await school.ImportRoster(roster);
        if (outcome.Rejection is { } refused)
        {
            logger.LogError("Demo roster of '{SchoolId}' was refused: {Problems}", schoolId, string.Join(" ", refused.Items));
            return false;
        }

        var marks = await Task.WhenAll(roster.Pupils.Select(p => grains.GetPupil(schoolId, p.Upn).ImportHistory(DemoSchool.History(settings, p, shown, now))));
        logger.LogInformation("Demo school '{SchoolId}': {Classes} classes, {Pupils} pupils, {Marks} historic marks", schoolId, roster.Classes.Count, roster.Pupils.Count, marks.Sum());
        return true;
    }
}
