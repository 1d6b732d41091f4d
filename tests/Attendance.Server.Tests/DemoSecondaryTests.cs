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

    [Theory]
    [InlineData(SessionPart.AM, "Period 4", "Period 2")]
    [InlineData(SessionPart.PM, "Period 6", "Period 5")]
    public async Task A_played_session_raises_a_truancy_alert_that_a_later_lesson_closes_and_flags_a_pupil_at_no_lesson(SessionPart part, string seenIn, string missed)
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, part == SessionPart.AM ? 10 : 11, 16, 30, 0, TimeSpan.Zero); // after the session's lessons
        var day = part == SessionPart.AM ? Tuesday : Tuesday.AddDays(1);
        var grains = fixture.Server.Services.GetRequiredService<IGrainFactory>();
        var settings = DemoSecondary.Settings(day);
        var roster = DemoSecondary.Roster(day);
        var shown = new Session(day, part);
        var schoolId = $"{DemoSecondary.Id}-{part}";
        var school = grains.GetGrain<ISchoolGrain>(schoolId);
        Assert.Null((await school.Configure(settings)).Rejection);
        Assert.Null((await school.ImportRoster(roster)).Rejection);
        var timetable = DemoSecondary.Timetable(roster);
        Assert.Null((await grains.GetGrain<ITimetableGrain>(schoolId).Import(timetable, new Staff("Demo data", "Timetabler"))).Rejection);

        var plan = DemoMorning.Plan(schoolId, settings, roster, shown, new HashSet<string>())
            .Concat(DemoSecondary.Lessons(settings, timetable, shown, schoolId)).OrderBy(s => s.At).ToList();
        await DemoMorning.PlayAsync(plan, grains, speed: 1_000_000, NullLogger.Instance, CancellationToken.None);

        var alerts = await grains.GetGrain<IAlertInboxGrain>(schoolId).List(new AlertQuery(IncludeClosed: true, Kind: CrossingKind.PostRegistrationTruancy));
        Assert.Equal(2, alerts.Count);
        var seen = Assert.Single(alerts, a => a.Status == AlertStatus.Resolved);
        Assert.StartsWith($"Seen in {seenIn}", seen.Resolution, StringComparison.Ordinal);
        Assert.Contains(missed, seen.Summary, StringComparison.Ordinal);
        var missing = Assert.Single(alerts, a => a.IsOpen);
        var task = Assert.Single(await grains.GetGrain<IFollowUpGrain>(schoolId).List(new TaskQuery(Kind: FollowUpKind.ReconcileRegister)));
        Assert.Equal(missing.Upn, task.Upn);
        var taken = await Task.WhenAll(timetable.LessonsOn(day, [], settings.SessionTimes.SessionAt).Where(l => l.Part == part)
            .Select(l => grains.GetLessonRegister(schoolId, day, l.LessonId).GetStatus()));
        Assert.All(taken, status => Assert.Equal(RegisterState.Submitted, status!.State));
    }
}
