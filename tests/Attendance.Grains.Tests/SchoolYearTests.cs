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

    /// <summary>Class 6B (pupils 1-3, the final year group) and class 5G (pupils 4-6), on the day after the summer term.</summary>
    private async Task<TestSchool> SchoolAfterTheSummerTerm()
    {
        TestClock.Instance.Now = new DateTimeOffset(2026, 7, 23, 9, 0, 0, TimeSpan.Zero);
        var school = new TestSchool(grains);
        Assert.Null((await school.School.Configure(new SchoolSettings("Two Years Primary", TwoYears, SessionTimes.PrimaryDefault))).Rejection);
        Assert.Null((await school.School.ImportRoster(new Roster(
            [new RegistrationGroup("6B", "Year 6 Birch", "KS2"), new RegistrationGroup("5G", "Year 5 Glade", "KS2")],
            [.. Enumerable.Range(1, 6).Select(n => Pupil(n, n <= 3 ? "6B" : "5G") with { YearGroup = n <= 3 ? "6" : "5" })]))).Rejection);
        return school;
    }

    [Fact]
    public async Task The_year_end_moves_everyone_up_deletes_the_leavers_on_the_last_day_and_closes_this_years_alerts()
    {
        var school = await SchoolAfterTheSummerTerm();
        var inbox = grains.GetGrain<IAlertInboxGrain>(school.Id);
        var now = TestClock.Instance.Now;
        await inbox.Raise(AttendanceAlert.Raise("band-5", school.Id, Upn(5), "Forename5 Surname5", "5G", CrossingKind.Band, "Good", "Concern", "Meet the parents.", "Band", now, forTrust: false));
        await inbox.Raise(AttendanceAlert.Raise("penalty-4", school.Id, Upn(4), "Forename4 Surname4", "5G", CrossingKind.PenaltyNoticeThreshold, "No", "Yes", "Consider a penalty notice.", "Penalty", now, forTrust: false));

        // The day before the last day: the plan, and why it cannot be done yet.
        TestClock.Instance.Now = new DateTimeOffset(2026, 7, 21, 9, 0, 0, TimeSpan.Zero);
        var early = (await school.School.PreviewYearEnd(null)).Value!;
        Assert.Equal(("2025/26", new DateOnly(2026, 7, 22), new DateOnly(2026, 9, 3), "6"), (early.Year, early.LastDay, early.NextFirstDay, early.FinalYearGroup));
        Assert.Contains("2025/26 ends on Wednesday 22 July 2026", Assert.Single(early.Problems));
        Assert.Equal(RejectionReason.YearEndNotReady, (await school.School.EndYear(null, Officer)).Rejection!.Reason);

        TestClock.Instance.Now = new DateTimeOffset(2026, 7, 23, 9, 0, 0, TimeSpan.Zero);
        var plan = (await school.School.PreviewYearEnd(null)).Value!;
        Assert.Empty(plan.Problems);
        Assert.Equal([(Upn(4), "5", "6"), (Upn(5), "5", "6"), (Upn(6), "5", "6")], plan.Changes.Promotions.Select(p => (p.Upn, p.From, p.To)));
        Assert.Equal([Upn(1), Upn(2), Upn(3)], plan.Changes.Leavers.Select(l => l.Upn));
        Assert.All(plan.Changes.Leavers, l => Assert.Equal(DeletionGround.RegisteredAtAnotherSchool, l.Ground));
        Assert.Equal((1, 1), (plan.AlertsToClose, plan.OpenPenaltyDecisions));

        var done = (await school.School.EndYear(null, Officer)).Value!;
        Assert.NotNull(done.DoneAt);
        Assert.Equal("6", (await school.Pupil(Upn(4)).GetDetails())!.YearGroup);
        var deletions = (await grains.GetGrain<IAdmissionRegisterGrain>(school.Id).List()).Where(e => e.Kind == AdmissionEntryKind.Deletion).ToList();
        Assert.Equal([Upn(1), Upn(2), Upn(3)], deletions.Select(d => d.Upn).Order());
        Assert.All(deletions, d => Assert.Equal(new DateOnly(2026, 7, 22), d.On));
        Assert.Empty(await grains.GetGrain<IFollowUpGrain>(school.Id).List(new TaskQuery(Kind: FollowUpKind.DeletionReturn)));
        Assert.Equal(AlertStatus.Resolved, (await inbox.Get("band-5"))!.Status);
        Assert.StartsWith("New school year: 2025/26 ended", (await inbox.Get("band-5"))!.Resolution);
        Assert.Equal(AlertStatus.Open, (await inbox.Get("penalty-4"))!.Status); // a decision to make carries on

        // In September the leavers are not on 6B's register; their summer stays in their registers.
        var register = (await school.Class("6B").GetRegister(FirstMorning))!;
        Assert.Empty(register.Lines);
        Assert.Equal(3, (await school.School.GetPupils()).Count);

        // Done again the next day: what was done, nothing more.
        TestClock.Instance.Now = new DateTimeOffset(2026, 7, 24, 9, 0, 0, TimeSpan.Zero);
        var again = (await school.School.EndYear(null, Officer)).Value!;
        Assert.Equal(done.DoneAt, again.DoneAt);
        Assert.Equal("6", (await school.Pupil(Upn(4)).GetDetails())!.YearGroup);
        Assert.Equal(3, (await grains.GetGrain<IAdmissionRegisterGrain>(school.Id).List()).Count(e => e.Kind == AdmissionEntryKind.Deletion));

        // In the new year, the year ending is the new one: not yet; and the new year's alerts stay open.
        TestClock.Instance.Now = new DateTimeOffset(2026, 9, 10, 9, 0, 0, TimeSpan.Zero);
        await inbox.Raise(AttendanceAlert.Raise("band-6", school.Id, Upn(6), "Forename6 Surname6", "5G", CrossingKind.Band, "Good", "Concern", "Meet the parents.", "Band", TestClock.Instance.Now, forTrust: false));
        var newYear = await school.School.EndYear(null, Officer);
        Assert.Equal(RejectionReason.YearEndNotReady, newYear.Rejection!.Reason);
        Assert.Contains("2026/27 ends on Friday 23 October 2026", newYear.Rejection.Detail);
        Assert.Equal(AlertStatus.Open, (await inbox.Get("band-6"))!.Status);
    }

    [Fact]
    public async Task A_year_end_needs_next_years_calendar()
    {
        TestClock.Instance.Now = new DateTimeOffset(2026, 7, 23, 9, 0, 0, TimeSpan.Zero);
        var school = new TestSchool(grains);
        var summerOnly = new SchoolCalendar([new Term("Summer 2", new DateOnly(2026, 6, 1), new DateOnly(2026, 7, 22))]);
        Assert.Null((await school.School.Configure(new SchoolSettings("One Year Primary", summerOnly, SessionTimes.PrimaryDefault))).Rejection);

        var refused = (await school.School.EndYear(null, Officer)).Rejection!;
        Assert.Equal(RejectionReason.YearEndNotReady, refused.Reason);
        Assert.Contains("Enter next year's terms (2026/27)", refused.Detail);
    }

    [Fact]
    public async Task A_year_end_is_refused_for_a_final_year_group_nobody_is_in_and_for_a_year_the_calendar_never_had()
    {
        var school = await SchoolAfterTheSummerTerm();

        var unreadable = (await school.School.EndYear("Year 6", Officer)).Rejection!;
        Assert.Equal(RejectionReason.YearEndNotReady, unreadable.Reason);
        Assert.Contains("'Year 6' is not a year group of a pupil on roll", unreadable.Detail);
        Assert.Equal("5", (await school.Pupil(Upn(4)).GetDetails())!.YearGroup); // nothing done

        // A school set up in August with only its first year's terms has no last year to end.
        TestClock.Instance.Now = new DateTimeOffset(2026, 8, 10, 9, 0, 0, TimeSpan.Zero);
        var newSchool = new TestSchool(grains);
        var autumnOnly = new SchoolCalendar([new Term("Autumn 1", new DateOnly(2026, 9, 3), new DateOnly(2026, 10, 23))]);
        Assert.Null((await newSchool.School.Configure(new SchoolSettings("New Primary", autumnOnly, SessionTimes.PrimaryDefault))).Rejection);
        Assert.Null((await newSchool.School.ImportRoster(SmallRoster)).Rejection);
        var noYear = (await newSchool.School.EndYear(null, Officer)).Rejection!;
        Assert.Contains("has no terms in 2025/26: there is no year here to end", noYear.Detail);
    }

    [Fact]
    public async Task A_bad_time_zone_for_a_school_that_exists_is_refused_as_settings_not_an_error()
    {
        var school = await SchoolAfterTheSummerTerm();
        var refused = (await school.School.Configure(new SchoolSettings("Two Years Primary", TwoYears, SessionTimes.PrimaryDefault, TimeZone: "Nowhere/Nope"))).Rejection!;
        Assert.Equal(RejectionReason.InvalidSettings, refused.Reason);
    }
}
