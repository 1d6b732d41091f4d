using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Demo;
using Attendance.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Attendance.Server.Tests;

/// <summary>The demo trust's secondary school: a timetable a school could use, and a morning whose truancy shows live.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class DemoSecondaryTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly DateOnly Tuesday = new(2026, 11, 10);

    [Fact]
    public void The_timetable_is_valid_and_gives_every_pupil_thirty_lessons_a_week()
    {
        var roster = DemoSecondary.Roster(Tuesday);
        var timetable = DemoSecondary.Timetable(roster);

        Assert.Empty(timetable.Validate());
        Assert.InRange(roster.Pupils.Count, 850, 950);
        var lessonsOf = timetable.Lessons.GroupBy(l => l.Group).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(roster.Pupils, pupil => Assert.Equal(30, timetable.GroupsOf(pupil.Upn).Sum(g => lessonsOf.GetValueOrDefault(g.Id))));
        Assert.Equal(6, timetable.Periods.Count);
        Assert.Contains(timetable.Lessons, l => l.Teacher == DemoSecondary.MathsTeacher && l.Day == DayOfWeek.Tuesday);
    }

    [Fact]
    public async Task A_played_morning_raises_a_truancy_alert_that_a_later_lesson_closes_and_flags_a_pupil_at_no_lesson()
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 13, 30, 0, TimeSpan.Zero); // after the morning's lessons
        var grains = fixture.Server.Services.GetRequiredService<IGrainFactory>();
        var settings = DemoSecondary.Settings(Tuesday);
        var roster = DemoSecondary.Roster(Tuesday);
        var shown = new Session(Tuesday, SessionPart.AM);
        var school = grains.GetGrain<ISchoolGrain>(DemoSecondary.Id);
        Assert.Null((await school.Configure(settings)).Rejection);
        Assert.Null((await school.ImportRoster(roster)).Rejection);
        var timetable = DemoSecondary.Timetable(roster);
        Assert.Null((await grains.GetGrain<ITimetableGrain>(DemoSecondary.Id).Import(timetable, new Staff("Demo data", "Timetabler"))).Rejection);

        var plan = DemoMorning.Plan(DemoSecondary.Id, settings, roster, shown, new HashSet<string>())
            .Concat(DemoSecondary.Lessons(settings, timetable, shown)).OrderBy(s => s.At).ToList();
        await DemoMorning.PlayAsync(plan, grains, speed: 1_000_000, NullLogger.Instance, CancellationToken.None);

        var alerts = await grains.GetGrain<IAlertInboxGrain>(DemoSecondary.Id).List(new AlertQuery(IncludeClosed: true, Kind: CrossingKind.PostRegistrationTruancy));
        Assert.Equal(2, alerts.Count);
        var seen = Assert.Single(alerts, a => a.Status == AlertStatus.Resolved);
        Assert.StartsWith("Seen in Period 4", seen.Resolution, StringComparison.Ordinal);
        Assert.Contains("Period 2", seen.Summary, StringComparison.Ordinal);
        Assert.Contains("Period 3", seen.Summary, StringComparison.Ordinal);
        var missing = Assert.Single(alerts, a => a.IsOpen);
        var task = Assert.Single(await grains.GetGrain<IFollowUpGrain>(DemoSecondary.Id).List(new TaskQuery(Kind: FollowUpKind.ReconcileRegister)));
        Assert.Equal(missing.Upn, task.Upn);
        var taken = await Task.WhenAll(timetable.LessonsOn(Tuesday, [], settings.SessionTimes.SessionAt).Where(l => l.Part == SessionPart.AM)
            .Select(l => grains.GetLessonRegister(DemoSecondary.Id, Tuesday, l.LessonId).GetStatus()));
        Assert.All(taken, status => Assert.Equal(RegisterState.Submitted, status!.State));
    }
}
