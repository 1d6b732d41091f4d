using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Testing;
using static Attendance.Grains.Tests.TestSchool;

namespace Attendance.Grains.Tests;

/// <summary>
/// Lesson registers on an in-process cluster: the timetable's import, a register taken once however often it is sent,
/// and post-registration truancy raised the moment a lesson is marked, closed by a later lesson, never raised for a
/// pupil the register knows is elsewhere; the office's flag for a pupil present at registration and at no lesson.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class LessonRegisterTests(MemoryClusterFixture fixture) : IClassFixture<MemoryClusterFixture>
{
    private readonly IGrainFactory grains = fixture.Cluster.GrainFactory;

    private static readonly DateOnly Tuesday = new(2026, 11, 10);

    private static readonly Staff Khan = new("Mr Khan", "Teacher of maths");

    /// <summary>
    /// Three morning periods after the register closes (09:30) and one in the afternoon. Pupils 1-3 have maths (P1)
    /// and English (P2) on Tuesdays; pupils 1 and 4 science (P3); pupil 1 PE in the afternoon (P4).
    /// </summary>
    private static Timetable Timetable(params string[] mathsPupils) => new(
        [
            new("P1", "Period 1", new(9, 40), new(10, 40)), new("P2", "Period 2", new(10, 40), new(11, 40)),
            new("P3", "Period 3", new(11, 40), new(12, 40)), new("P4", "Period 4", new(13, 40), new(14, 40)),
        ],
        [
            new("3-Ma", "Year 3 Maths", "Maths", mathsPupils.Length > 0 ? mathsPupils : [Upn(1), Upn(2), Upn(3)]),
            new("3-En", "Year 3 English", "English", [Upn(1), Upn(2), Upn(3)]),
            new("Mx-Sc", "Science club", "Science", [Upn(1), Upn(4)]),
            new("Mx-PE", "PE", "PE", [Upn(1)]),
        ],
        [
            new("ma", "3-Ma", 1, DayOfWeek.Tuesday, "P1", "KHA", "S12"),
            new("en", "3-En", 1, DayOfWeek.Tuesday, "P2", "BRO", "E4"),
            new("sc", "Mx-Sc", 1, DayOfWeek.Tuesday, "P3", "SMI", "L1"),
            new("pe", "Mx-PE", 1, DayOfWeek.Tuesday, "P4", "SMI", "Hall"),
        ]);

    private static DateTimeOffset At(DateOnly day, int hour, int minute) => new(day.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.Zero);

    private async Task<TestSchool> School(AttendancePolicy? policy = null)
    {
        var school = await new TestSchool(grains).CreateAsync();
        Assert.Null((await Timetable(school).Import(Timetable(), Officer)).Rejection);
        if (policy is not null)
        {
            Assert.Null((await school.School.SetPolicy(policy)).Rejection);
        }

        return school;
    }

    private ITimetableGrain Timetable(TestSchool school) => grains.GetGrain<ITimetableGrain>(school.Id);

    /// <summary>Class 3B's morning register (pupils 1-3), taken at 09:10.</summary>
    private static async Task Registration(TestSchool school, DateOnly day, params string[] codes)
    {
        TestClock.Instance.Now = At(day, 9, 10);
        Assert.True((await school.Class("3B").SubmitRegister(Register(new Session(day, SessionPart.AM), codes))).Accepted);
    }

    private async Task<LessonRegister> Take(TestSchool school, DateOnly day, string lesson, int hour, int minute, params (int Pupil, LessonPresence Presence)[] marks)
    {
        TestClock.Instance.Now = At(day, hour, minute);
        var outcome = await grains.GetLessonRegister(school.Id, day, lesson).Submit(new LessonRegisterSubmission(Khan, [.. marks.Select(m =>
            new LessonMark(Upn(m.Pupil), m.Presence, m.Presence == LessonPresence.Late ? 5 : null))]));
        Assert.Null(outcome.Rejection);
        return outcome.Value!;
    }

    private async Task<List<AttendanceAlert>> Alerts(TestSchool school, CrossingKind kind) =>
        [.. await grains.GetGrain<IAlertInboxGrain>(school.Id).List(new AlertQuery(IncludeClosed: true, Kind: kind))];

    [Fact]
    public async Task A_timetable_naming_pupils_not_on_roll_is_refused_whole_and_a_preview_says_what_would_change()
    {
        var school = await School();
        var timetable = Timetable(school);
        var refused = await timetable.Import(Timetable(Upn(1), "T999999999999"), Officer);
        Assert.Equal(RejectionReason.InvalidTimetable, refused.Rejection?.Reason);
        Assert.Contains("Teaching group '3-Ma' lists pupil T999999999999, who is not on roll (import the roster first).", refused.Rejection!.Items);
        Assert.Equal(3, (await timetable.Get())!.Groups.Single(g => g.Id == "3-Ma").Pupils.Count); // unchanged

        var changed = Timetable() with { Lessons = [.. Timetable().Lessons.Where(l => l.Id != "pe").Select(l => l.Id == "ma" ? l with { Room = "S14" } : l)] };
        var preview = (await timetable.Preview(changed)).Value!;
        Assert.Equal((4, 4, 3, 4), (preview.Periods, preview.Groups, preview.Lessons, preview.Pupils));
        Assert.Equal(["ma"], preview.LessonsChanged);
        Assert.Equal(["pe"], preview.LessonsRemoved);
        Assert.Equal([Upn(5), Upn(6)], preview.PupilsWithoutLessons);
        Assert.Equal("S12", (await timetable.LessonsOn(Tuesday)).Single(l => l.LessonId == "ma").Room); // a preview changes nothing
    }

    [Fact]
    public async Task A_lesson_register_is_taken_once_however_often_it_is_sent_and_refused_whole_when_wrong()
    {
        var school = await School();
        var register = grains.GetLessonRegister(school.Id, Tuesday, "ma");
        LessonRegisterSubmission Sent(string key, LessonPresence third = LessonPresence.Absent) =>
            new(Khan, [new LessonMark(Upn(1), LessonPresence.Present), new LessonMark(Upn(2), LessonPresence.Late, 12), new LessonMark(Upn(3), third)], key);

        TestClock.Instance.Now = At(Tuesday, 9, 34);
        Assert.Equal(RejectionReason.FutureSession, (await register.Submit(Sent("a"))).Rejection?.Reason); // opens five minutes before 09:40
        TestClock.Instance.Now = At(Tuesday, 9, 35);
        var incomplete = await register.Submit(new LessonRegisterSubmission(Khan, [new LessonMark(Upn(1), LessonPresence.Present)]));
        Assert.Equal(RejectionReason.RegisterIncomplete, incomplete.Rejection!.Reason);
        Assert.Equal([Upn(2), Upn(3)], incomplete.Rejection.Items);
        var stranger = await register.Submit(Sent("b") with { Marks = [.. Sent("b").Marks, new LessonMark(Upn(4), LessonPresence.Present)] });
        Assert.Equal(RejectionReason.PupilNotInClass, stranger.Rejection?.Reason);
        Assert.Equal(RegisterState.NotStarted, (await register.Get())!.State);

        var first = await register.Submit(Sent("a"));
        var again = await register.Submit(Sent("a"));
        Assert.Equal(RegisterState.Submitted, first.Value!.State);
        Assert.Equal(first.Value.Lines, again.Value!.Lines);
        Assert.Equal(RejectionReason.IdempotencyKeyReused, (await register.Submit(Sent("a", LessonPresence.Present))).Rejection?.Reason);

        // Taken again when pupil 3 turns up: the change is a new entry, the first kept.
        TestClock.Instance.Now = At(Tuesday, 9, 55);
        var changed = (await register.Submit(Sent("c", LessonPresence.Present))).Value!;
        var line = changed.Lines.Single(l => l.Upn == Upn(3));
        Assert.Equal((LessonPresence.Present, true), (line.Mark!.Presence, line.Changed));
        Assert.False(changed.Lines.Single(l => l.Upn == Upn(1)).Changed);
        Assert.Equal((Khan, At(Tuesday, 9, 35)), (changed.TakenBy, changed.TakenAt));
        Assert.Equal(RejectionReason.UnknownLesson, (await grains.GetLessonRegister(school.Id, Tuesday.AddDays(1), "ma").Submit(Sent("d"))).Rejection?.Reason);
    }

    [Fact]
    public async Task A_pupil_in_school_who_misses_a_lesson_raises_one_alert_at_once_which_a_later_lesson_closes()
    {
        var school = await School();
        await Registration(school, Tuesday, "/", "L", "I"); // pupil 3 is ill: known to be elsewhere

        await Take(school, Tuesday, "ma", 9, 45, (1, LessonPresence.Absent), (2, LessonPresence.Present), (3, LessonPresence.Absent));

        var alert = Assert.Single(await Alerts(school, CrossingKind.PostRegistrationTruancy));
        Assert.Equal((Upn(1), AlertStatus.Open), (alert.Upn, alert.Status));
        Assert.Equal("Forename1 Surname1 (3B) was registered in school (/) but is missing from Period 1 Maths (Year 3 Maths), KHA in S12. Last seen: registration (AM).", alert.Summary);
        var maths = (await grains.GetLessonRegister(school.Id, Tuesday, "ma").Get())!;
        Assert.Equal("Illness (not medical or dental appointment) (I)", maths.Lines.Single(l => l.Upn == Upn(3)).Elsewhere);
        Assert.Null(maths.Lines.Single(l => l.Upn == Upn(1)).Elsewhere);

        // Missing from English too: the same alert says so; then seen in science, which closes it.
        await Take(school, Tuesday, "en", 10, 45, (1, LessonPresence.Absent), (2, LessonPresence.Present), (3, LessonPresence.Absent));
        alert = Assert.Single(await Alerts(school, CrossingKind.PostRegistrationTruancy));
        Assert.Contains("missing from Period 1 Maths (Year 3 Maths), KHA in S12 and Period 2 English (Year 3 English), BRO in E4", alert.Summary, StringComparison.Ordinal);
        Assert.Equal(2, alert.Trail.Count);

        await Take(school, Tuesday, "sc", 11, 50, (1, LessonPresence.Late), (4, LessonPresence.Present));
        alert = Assert.Single(await Alerts(school, CrossingKind.PostRegistrationTruancy));
        Assert.Equal(AlertStatus.Resolved, alert.Status);
        Assert.Equal("Seen in Period 3 Science (Science club), SMI in L1: marked late (5 minutes) by Mr Khan at 11:50.", alert.Resolution);
    }

    [Fact]
    public async Task A_truancy_alert_says_where_the_pupil_was_last_seen_from_the_registers_of_their_earlier_lessons()
    {
        var school = await School();
        await Registration(school, Tuesday, "/", "/", "/");
        await Take(school, Tuesday, "ma", 9, 45, (1, LessonPresence.Present), (2, LessonPresence.Present), (3, LessonPresence.Present));

        await Take(school, Tuesday, "en", 10, 45, (1, LessonPresence.Absent), (2, LessonPresence.Present), (3, LessonPresence.Present));

        var alert = Assert.Single(await Alerts(school, CrossingKind.PostRegistrationTruancy));
        Assert.EndsWith("Last seen: Period 1 Maths, room S12.", alert.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_office_amending_the_session_to_an_absence_closes_the_truancy_alert()
    {
        var school = await School();
        await Registration(school, Tuesday, "/", "/", "/");
        await Take(school, Tuesday, "ma", 9, 45, (1, LessonPresence.Absent), (2, LessonPresence.Present), (3, LessonPresence.Present));

        TestClock.Instance.Now = At(Tuesday, 10, 5);
        var amended = await school.Class("3B").Amend(new Amendment(Upn(1), new Session(Tuesday, SessionPart.AM), "M", "Left for the dentist at 09:35; mother collected", Officer));
        Assert.True(amended.Accepted);

        var alert = Assert.Single(await Eventually.Until(() => Alerts(school, CrossingKind.PostRegistrationTruancy), alerts => alerts.All(a => a.Status == AlertStatus.Resolved)));
        Assert.Equal("The register was amended to M (Leave of absence: medical or dental appointment) by Mr Jones: Left for the dentist at 09:35; mother collected.", alert.Resolution);
    }

    [Fact]
    public async Task No_alert_for_a_pupil_absent_at_registration_or_not_registered_yet()
    {
        var school = await School();
        TestClock.Instance.Now = At(Tuesday, 9, 10);
        Assert.True((await school.Class("3B").Mark(new SingleMark(Upn(2), new Session(Tuesday, SessionPart.AM), "M", Officer))).Accepted);

        await Take(school, Tuesday, "ma", 9, 45, (1, LessonPresence.Present), (2, LessonPresence.Absent), (3, LessonPresence.Absent));

        Assert.Empty(await Alerts(school, CrossingKind.PostRegistrationTruancy));
        var status = (await grains.GetLessonRegister(school.Id, Tuesday, "ma").GetStatus())!;
        Assert.Equal((RegisterState.Submitted, 1, 0, 2), (status.State, status.Present, status.Late, status.Absent));
        Assert.Empty(status.Unaccounted);
    }

    [Fact]
    public async Task A_pupil_present_at_registration_and_at_none_of_the_sessions_lessons_is_flagged_to_the_office_once()
    {
        var school = await School();
        await Registration(school, Tuesday, "/", "/", "/");
        var followUp = grains.GetGrain<IFollowUpGrain>(school.Id);

        await Take(school, Tuesday, "ma", 9, 45, (1, LessonPresence.Present), (2, LessonPresence.Absent), (3, LessonPresence.Absent));
        Assert.Empty(await followUp.List(new TaskQuery(Kind: FollowUpKind.ReconcileRegister)));
        var status = (await grains.GetLessonRegister(school.Id, Tuesday, "ma").GetStatus())!;
        Assert.Equal([Upn(2), Upn(3)], status.Unaccounted);

        await Take(school, Tuesday, "en", 10, 45, (1, LessonPresence.Present), (2, LessonPresence.Absent), (3, LessonPresence.Late));

        var task = Assert.Single(await followUp.List(new TaskQuery(Kind: FollowUpKind.ReconcileRegister)));
        Assert.Equal((Upn(2), $"reconcile-{Upn(2)}-{new Session(Tuesday, SessionPart.AM)}"), (task.Upn, task.Id));
        Assert.Contains("attended none of its 2 lesson(s)", task.What, StringComparison.Ordinal);

        // The register taken again with no change for pupil 2 does not flag them twice.
        await Take(school, Tuesday, "en", 10, 50, (1, LessonPresence.Late), (2, LessonPresence.Absent), (3, LessonPresence.Late));
        Assert.Single(await followUp.List(new TaskQuery(IncludeClosed: true, Kind: FollowUpKind.ReconcileRegister)));
    }

    [Fact]
    public async Task Missing_the_same_subject_again_within_the_window_raises_one_pattern_alert()
    {
        var school = await School(AttendancePolicy.Default with { Lessons = new LessonRules(PatternLessons: 2) });
        foreach (var day in new[] { Tuesday, Tuesday.AddDays(7) })
        {
            await Registration(school, day, "/", "/", "/");
            await Take(school, day, "ma", 9, 45, (1, LessonPresence.Absent), (2, LessonPresence.Present), (3, LessonPresence.Present));
        }

        // Both maths lessons were Mr Khan's: the subject and the teacher each make a pattern, each raised once.
        var patterns = (await Alerts(school, CrossingKind.TruancyPattern)).OrderBy(a => a.Id, StringComparer.Ordinal).ToList();
        Assert.Equal([$"{Upn(1)}-truancy-pattern-subject:Maths-2026-11-17", $"{Upn(1)}-truancy-pattern-teacher:KHA-2026-11-17"], patterns.Select(a => a.Id));
        Assert.Equal("Forename1 Surname1 (3B) has missed 2 Maths lessons while in school in 6 weeks: Tue 10 Nov, Tue 17 Nov.", patterns[0].Summary);
        Assert.Equal("Forename1 Surname1 (3B) has missed 2 lessons taught by KHA while in school in 6 weeks: Tue 10 Nov, Tue 17 Nov.", patterns[1].Summary);
        Assert.Equal(2, (await Alerts(school, CrossingKind.PostRegistrationTruancy)).Count); // one per day
    }

    [Fact]
    public async Task A_covered_lesson_is_taught_by_the_cover_teacher_that_day_only()
    {
        var school = await School();
        var timetable = Timetable(school);

        var covered = await timetable.Change(new LessonChange(Tuesday, "ma", "SUP", null, "Mr Khan on a course"), Officer);
        Assert.Equal(("SUP", "KHA", "S12", true), (covered.Value!.Teacher, covered.Value.TimetabledTeacher, covered.Value.Room, covered.Value.Covered));
        Assert.Equal("KHA", (await timetable.LessonsOn(Tuesday.AddDays(7))).Single(l => l.LessonId == "ma").Teacher);
        Assert.Equal(RejectionReason.UnknownLesson, (await timetable.Change(new LessonChange(Tuesday.AddDays(1), "ma", "SUP", null, "Cover"), Officer)).Rejection?.Reason);
        Assert.Equal(RejectionReason.InvalidRequest, (await timetable.Change(new LessonChange(Tuesday, "ma", null, " ", "Cover"), Officer)).Rejection?.Reason);
        Assert.Equal(["ma", "en", "sc", "pe"], (await timetable.LessonsOn(Tuesday)).Select(l => l.LessonId));
        Assert.Empty(await timetable.LessonsOn(new DateOnly(2026, 10, 27))); // half term
    }

    [Fact]
    public async Task A_periods_records_sent_together_are_all_kept_for_reports_each_answered_once_written()
    {
        var school = await School();
        var lesson = (await Timetable(school).LessonsOn(Tuesday))[0];
        var day = grains.GetGrain<ILessonDayGrain>(GrainKeys.LessonDay(school.Id, Tuesday));

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            day.Recorded(new LessonDayRecord(lesson with { LessonId = $"lesson-{i}" }, [new LessonPupilMark(Upn(1), "Pupil", "3", LessonPresence.Present, false)]))));

        Assert.Equal(200, (await day.Get()).Count);
    }
}
