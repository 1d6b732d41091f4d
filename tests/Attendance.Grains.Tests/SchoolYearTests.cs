using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Testing;
using static Attendance.Grains.Tests.TestSchool;

namespace Attendance.Grains.Tests;

/// <summary>
/// A school whose calendar holds last summer and this autumn, on the first day of the new year: the pupils' standing
/// starts again from this year's sessions, last year's stays readable, and the penalty-notice window spans the summer.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class SchoolYearTests(MemoryClusterFixture fixture) : IClassFixture<MemoryClusterFixture>
{
    private readonly IGrainFactory grains = fixture.Cluster.GrainFactory;

    private static readonly SchoolCalendar TwoYears = new(
    [
        new Term("Summer 2", new DateOnly(2026, 6, 1), new DateOnly(2026, 7, 22)),
        new Term("Autumn 1", new DateOnly(2026, 9, 3), new DateOnly(2026, 10, 23)),
    ]);

    private static readonly DateOnly FirstDay = new(2026, 9, 3);
    private static readonly DateOnly LastDayOfSummer = new(2026, 7, 22);
    private static readonly Session FirstMorning = new(FirstDay, SessionPart.AM);

    private async Task<TestSchool> SchoolOnTheFirstDay()
    {
        TestClock.Instance.Now = new DateTimeOffset(2026, 9, 3, 8, 10, 0, TimeSpan.Zero); // 09:10 in London: the register is open
        var school = new TestSchool(grains);
        Assert.Null((await school.School.Configure(new SchoolSettings("Two Years Primary", TwoYears, SessionTimes.PrimaryDefault))).Rejection);
        Assert.Null((await school.School.ImportRoster(SmallRoster)).Rejection);
        return school;
    }

    /// <summary>Last summer term's history: present, but for the last sessions given with a code.</summary>
    private static Task ImportSummer(TestSchool school, int pupil, string code, int lastSessions)
    {
        var sessions = TwoYears.SchoolDays().Where(d => d <= LastDayOfSummer)
            .SelectMany(d => new[] { new Session(d, SessionPart.AM), new Session(d, SessionPart.PM) }).ToList();
        return school.Pupil(Upn(pupil)).ImportHistory([.. sessions.Select((s, i) => new RegisterEntry(
            s, i >= sessions.Count - lastSessions ? code : "/", MarkSource.Import, Officer, DateTimeOffset.UnixEpoch, TwoYears.SchoolWeek(s.Date)!.Value))]);
    }

    private Task<IReadOnlyList<AttendanceAlert>> Alerts(TestSchool school) =>
        grains.GetGrain<IAlertInboxGrain>(school.Id).List(new AlertQuery(IncludeClosed: true));

    [Fact]
    public async Task A_pupil_severely_absent_last_summer_starts_the_year_from_this_years_sessions()
    {
        var school = await SchoolOnTheFirstDay();
        await ImportSummer(school, 2, "I", lastSessions: 60); // 60 of 76 sessions ill: severe absence last year

        var marked = await school.Class("3B").SubmitRegister(Register(FirstMorning, "/", "/", "/"));
        Assert.Null(marked.Rejection);

        var pupil = school.Pupil(Upn(2));
        var summary = (await pupil.GetSummary(FirstDay, TwoYears.SchoolWeek(FirstDay)))!;
        Assert.Equal((1, 1), (summary.Attendance.PossibleSessions, summary.Attendance.SessionsAttended));
        var now = await pupil.GetStanding(FirstDay);
        Assert.Equal((0, false, false), (now.Stage, now.PersistentAbsence, now.SevereAbsence));

        var lastYear = await pupil.GetStanding(LastDayOfSummer);
        Assert.True(lastYear.SevereAbsence);
        Assert.True(lastYear.Stage > 0);
        Assert.Equal(76, (await pupil.GetSummary(LastDayOfSummer, TwoYears.SchoolWeek(LastDayOfSummer)))!.Attendance.PossibleSessions);

        Assert.Empty(await Alerts(school)); // a new year is a new baseline, not an improvement
    }

    [Theory]
    [InlineData(8, false)]
    [InlineData(9, true)]
    public async Task The_penalty_notice_window_spans_the_summer_holiday(int unauthorisedInJuly, bool alert)
    {
        var school = await SchoolOnTheFirstDay();
        await ImportSummer(school, 1, "O", unauthorisedInJuly);

        await school.Class("3B").Mark(new SingleMark(Upn(1), FirstMorning, "O", Officer));

        var alerts = (await Alerts(school)).Where(a => a.Kind == CrossingKind.PenaltyNoticeThreshold).ToList();
        Assert.Equal(alert ? 1 : 0, alerts.Count);
        if (alert)
        {
            Assert.Equal(10, alerts[0].Figures!.UnauthorisedInWindow);
            Assert.Equal(1, alerts[0].Figures!.PossibleSessions); // this year's figures: one session so far
        }
    }
}
