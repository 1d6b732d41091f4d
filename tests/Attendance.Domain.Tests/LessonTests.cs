using Attendance.Testing;

namespace Attendance.Domain.Tests;

/// <summary>The timetable (its checks, its two-week cycle, the day's cover) and what lesson marks mean against the session's register.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class LessonTests
{
    private static readonly Period P1 = new("P1", "Period 1", new(9, 0), new(10, 0));
    private static readonly Period P2 = new("P2", "Period 2", new(10, 0), new(11, 0));
    private static readonly Period P4 = new("P4", "Period 4", new(13, 10), new(14, 10));

    private static readonly TeachingGroup Maths = new("9X-Ma3", "9X Maths set 3", "Maths", ["A1", "A2"]);
    private static readonly TeachingGroup English = new("9X-En2", "9X English 2", "English", ["A1", "A3"]);

    /// <summary>A two-week timetable whose week 1 is the week of Monday 7 September 2026.</summary>
    private static Timetable TwoWeeks(params TimetabledLesson[] lessons) =>
        new([P1, P2, P4], [Maths, English], lessons, CycleWeeks: 2, CycleStarts: new DateOnly(2026, 9, 9));

    private static SessionPart SessionAt(TimeOnly time) => SessionTimes.PrimaryDefault.SessionAt(time);

    [Theory]
    [InlineData("2026-09-07", 1)] // the Monday of the week cycleStarts is in
    [InlineData("2026-09-13", 1)] // its Sunday
    [InlineData("2026-09-14", 2)]
    [InlineData("2026-09-21", 1)]
    [InlineData("2026-11-02", 1)] // after half term, counted by the calendar: 8 weeks on
    [InlineData("2026-08-31", 2)] // before cycleStarts too
    public void A_two_week_timetable_alternates_by_calendar_week_from_its_start(string date, int week)
    {
        Assert.Equal(week, TwoWeeks().WeekOf(DateOnly.Parse(date)));
        Assert.Equal(1, new Timetable([P1], [], []).WeekOf(DateOnly.Parse(date)));
    }

    [Fact]
    public void The_days_lessons_follow_the_cycle_week_in_period_order_with_cover_and_room_changes()
    {
        var timetable = TwoWeeks(
            new("ma-w1", "9X-Ma3", 1, DayOfWeek.Monday, "P2", "KHA", "S12"),
            new("en-w1", "9X-En2", 1, DayOfWeek.Monday, "P1", "BRO", "E4"),
            new("ma-w2", "9X-Ma3", 2, DayOfWeek.Monday, "P4", "KHA", "S12"));
        var monday = new DateOnly(2026, 9, 7);
        var cover = new LessonChange(monday, "ma-w1", "SMI", null, "Mr Khan on a course");

        var lessons = timetable.LessonsOn(monday, [cover, new LessonChange(monday.AddDays(7), "ma-w2", null, "S1", "Flood")], SessionAt);

        Assert.Equal(["en-w1", "ma-w1"], lessons.Select(l => l.LessonId));
        var maths = lessons[1];
        Assert.Equal(("SMI", "KHA", "S12", true, SessionPart.AM), (maths.Teacher, maths.TimetabledTeacher, maths.Room, maths.Covered, maths.Part));
        Assert.Equal("Period 2 Maths (9X Maths set 3), SMI in S12", maths.Describe());

        var weekTwo = Assert.Single(timetable.LessonsOn(monday.AddDays(7), [cover, new LessonChange(monday.AddDays(7), "ma-w2", null, "S1", "Flood")], SessionAt));
        Assert.Equal(("KHA", "S1", false, SessionPart.PM, "Flood"), (weekTwo.Teacher, weekTwo.Room, weekTwo.Covered, weekTwo.Part, weekTwo.ChangeReason));
        Assert.Empty(timetable.LessonsOn(monday.AddDays(1), [], SessionAt));
    }

    [Fact]
    public void A_timetable_is_refused_with_every_problem_named_by_what_the_school_can_find()
    {
        var timetable = new Timetable(
            [P1, P1 with { Id = "P1b", Starts = new(9, 30), Ends = new(10, 30) }, new("P9", "Period 9", new(15, 0), new(15, 0))],
            [Maths, English with { Pupils = ["A1", "A1"] }],
            [
                new("ma", "9X-Ma3", 1, DayOfWeek.Monday, "P1", "KHA", "S12"),
                new("en", "9X-En2", 1, DayOfWeek.Monday, "P1", "KHA", "S12"),
                new("sci", "9X-Sc", 3, DayOfWeek.Saturday, "P7", "", "L1"),
                new("ma", "9X-Ma3", 1, DayOfWeek.Tuesday, "P1", "KHA", "S12"),
            ]);

        var problems = timetable.Validate().ToList();

        Assert.Contains("Period 'P1b' starts at 09:30, before period 'P1' ends at 10:00.", problems);
        Assert.Contains("Period 'P9' ends at 15:00, not after it starts at 15:00.", problems);
        Assert.Contains("Teaching group '9X-En2' lists pupil A1 more than once.", problems);
        Assert.Contains("Lesson 'ma' is listed more than once.", problems);
        Assert.Contains("Lesson 'sci' needs an id, a teacher's staff code and a room.", problems);
        Assert.Contains("Lesson 'sci' is for teaching group '9X-Sc', which is not in the timetable's groups.", problems);
        Assert.Contains("Lesson 'sci' is in period 'P7', which is not in the timetable's periods.", problems);
        Assert.Contains("Lesson 'sci' is in week 3: the timetable has week 1 only.", problems);
        Assert.Contains("Lesson 'sci' is on 'Saturday': lessons are Monday to Friday.", problems);
        Assert.Contains("Teacher KHA has lessons 'ma' and 'en' at the same time (week 1 Monday period 'P1').", problems);
        Assert.Contains("Room S12 has lessons 'ma' and 'en' at the same time (week 1 Monday period 'P1').", problems);
        Assert.Contains("Pupil A1 is in lessons 'ma' and 'en' at the same time (week 1 Monday period 'P1').", problems);
        Assert.DoesNotContain(problems, p => p.Contains("Tuesday", StringComparison.Ordinal)); // the second 'ma' clashes with nothing
        Assert.Contains("A two-week timetable needs cycleStarts: a day in a week 1.", (timetable with { CycleWeeks = 2 }).Validate());
        Assert.Contains("The timetable cycle is 3 weeks: use 1, or 2 for a two-week (week A / week B) timetable.", (timetable with { CycleWeeks = 3 }).Validate());
        Assert.Empty(TwoWeeks(new TimetabledLesson("ma", "9X-Ma3", 2, DayOfWeek.Friday, "P4", "KHA", "S12")).Validate());
    }

    [Theory]
    [InlineData(LessonPresence.Present, null, null)]
    [InlineData(LessonPresence.Absent, null, null)]
    [InlineData(LessonPresence.Late, 1, null)]
    [InlineData(LessonPresence.Late, 59, null)] // the last minute of a 60-minute lesson is still late
    [InlineData(LessonPresence.Late, 60, "Pupil A1 is marked 60 minutes late to a 60-minute lesson: mark them absent instead.")]
    [InlineData(LessonPresence.Late, 0, "Pupil A1 is marked late by 0 minutes: late is at least 1 minute.")]
    [InlineData(LessonPresence.Late, null, "Pupil A1 is marked late: say how many minutes late.")]
    [InlineData(LessonPresence.Present, 5, "Pupil A1 has minutes late but is marked present.")]
    [InlineData((LessonPresence)0, null, "Pupil A1: '0' is not a lesson mark (present, late or absent).")]
    [InlineData((LessonPresence)4, null, "Pupil A1: '4' is not a lesson mark (present, late or absent).")]
    public void A_lesson_mark_is_checked_against_its_period(LessonPresence presence, int? minutesLate, string? problem)
    {
        Assert.Equal(problem, new LessonMark("A1", presence, minutesLate).Problem(P1));
    }

    [Theory]
    [InlineData("/", LessonAbsence.Truancy)]
    [InlineData("\\", LessonAbsence.Truancy)]
    [InlineData("L", LessonAbsence.Truancy)] // late at registration is in school
    [InlineData("U", LessonAbsence.KnownElsewhere)] // after the register closed: an absence, followed up as one
    [InlineData("M", LessonAbsence.KnownElsewhere)]
    [InlineData("V", LessonAbsence.KnownElsewhere)] // on a trip
    [InlineData("D", LessonAbsence.KnownElsewhere)] // at the other school
    [InlineData(null, LessonAbsence.NotRegistered)]
    public void A_lesson_absence_is_truancy_only_for_a_pupil_in_school_at_registration(string? sessionCode, LessonAbsence meaning)
    {
        Assert.Equal(meaning, LessonRules.Explain(sessionCode));
    }

    [Fact]
    public void Present_at_registration_and_at_no_lesson_is_said_only_once_every_expected_lesson_is_marked()
    {
        string[] expected = ["p1", "p2", "p3"];
        var absent = (string id) => new KeyValuePair<string, LessonMark>(id, new LessonMark("A1", LessonPresence.Absent));
        var twoMissed = new Dictionary<string, LessonMark>([absent("p1"), absent("p2")]);
        var allMissed = new Dictionary<string, LessonMark>([absent("p1"), absent("p2"), absent("p3")]);
        var lateToLast = new Dictionary<string, LessonMark>([absent("p1"), absent("p2"), new("p3", new LessonMark("A1", LessonPresence.Late, 25))]);

        Assert.False(LessonRules.PresentAtNoLesson("/", expected, twoMissed));
        Assert.True(LessonRules.PresentAtNoLesson("/", expected, allMissed));
        Assert.True(LessonRules.PresentAtNoLesson("L", expected, allMissed));
        Assert.False(LessonRules.PresentAtNoLesson("/", expected, lateToLast)); // late to a lesson is in it
        Assert.False(LessonRules.PresentAtNoLesson("I", expected, allMissed)); // absent at registration: the register already says so
        Assert.False(LessonRules.PresentAtNoLesson("/", [], allMissed));
    }

    [Fact]
    public void A_truancy_pattern_is_completed_by_the_third_lesson_missed_from_one_subject_or_teacher_within_six_weeks()
    {
        var rules = new LessonRules();
        var none = new Dictionary<string, DateOnly>();
        var first = new MissedLesson(new DateOnly(2026, 10, 9), "ma-1", "Maths", "KHA");
        var second = new MissedLesson(new DateOnly(2026, 11, 2), "ma-2", "Maths", "SMI");
        var third = new MissedLesson(new DateOnly(2026, 11, 19), "ma-3", "Maths", "KHA"); // 42 days after the first: its window starts 9 October
        var dayLater = third with { Date = third.Date.AddDays(1) }; // the first falls out of the window

        Assert.Empty(rules.PatternsCompleted([first, second], second, none));
        Assert.Equal(["subject:Maths"], rules.PatternsCompleted([first, second, third], third, none));
        Assert.Empty(rules.PatternsCompleted([first, second, dayLater], dayLater, none));

        // Raised once: the fourth is still the Maths pattern (the first has left the window, three remain), already raised.
        var raised = new Dictionary<string, DateOnly> { ["subject:Maths"] = third.Date };
        var fourth = new MissedLesson(new DateOnly(2026, 11, 20), "ma-4", "Maths", "KHA");
        Assert.Empty(rules.PatternsCompleted([first, second, third, fourth], fourth, raised));
        Assert.Equal(["subject:Maths"], rules.PatternsCompleted([first, second, third, fourth], fourth, none));

        // Back after the window: raised again.
        var later = new[] { 0, 1, 2 }.Select(i => new MissedLesson(new DateOnly(2026, 12, 29 + i), $"ma-{5 + i}", "Maths", "SMI")).ToList();
        Assert.Equal(["subject:Maths", "teacher:SMI"], rules.PatternsCompleted([first, second, third, fourth, .. later], later[^1], raised));

        var teacher = new MissedLesson(new DateOnly(2026, 11, 19), "sc-1", "Science", "KHA");
        Assert.Equal(["teacher:KHA"], new LessonRules(PatternLessons: 2).PatternsCompleted([first with { Date = new DateOnly(2026, 11, 18), Subject = "History" }, teacher], teacher, none));
    }

    [Fact]
    public void A_lesson_register_is_overdue_from_the_policys_minutes_into_the_lesson()
    {
        var lesson = TwoWeeks(new TimetabledLesson("ma", "9X-Ma3", 1, DayOfWeek.Monday, "P1", "KHA", "S12")).LessonsOn(new DateOnly(2026, 9, 7), [], SessionAt)[0];

        Assert.False(new LessonRules().Overdue(lesson, new TimeOnly(9, 9, 59)));
        Assert.True(new LessonRules().Overdue(lesson, new TimeOnly(9, 10)));
    }

    [Fact]
    public void A_lesson_report_groups_marks_and_filters_by_year_group_and_weekday()
    {
        var timetable = TwoWeeks(new TimetabledLesson("ma", "9X-Ma3", 1, DayOfWeek.Monday, "P4", "KHA", "S12"), new TimetabledLesson("en", "9X-En2", 1, DayOfWeek.Friday, "P4", "BRO", "E4"));
        var monday = timetable.LessonsOn(new DateOnly(2026, 9, 7), [], SessionAt)[0];
        var friday = timetable.LessonsOn(new DateOnly(2026, 9, 11), [], SessionAt)[0];
        LessonPupilMark Mark(string upn, string year, LessonPresence presence, bool truancy = false) => new(upn, $"Pupil {upn}", year, presence, truancy);
        var records = new[]
        {
            new LessonDayRecord(monday, [Mark("A1", "9", LessonPresence.Present), Mark("A2", "9", LessonPresence.Absent, truancy: true)]),
            new LessonDayRecord(friday, [Mark("A1", "9", LessonPresence.Late), Mark("A3", "10", LessonPresence.Absent)]),
        };

        var byPeriod = LessonReport.Build(records, LessonReportBy.Period, new LessonReportFilter());
        Assert.Equal(["Monday Period 4", "Friday Period 4"], byPeriod.Select(r => r.Key));
        Assert.Equal((2, 1, 0, 1, 1, 50.0m), (byPeriod[0].Marks, byPeriod[0].Present, byPeriod[0].Late, byPeriod[0].Absent, byPeriod[0].Truancy, byPeriod[0].AttendancePercent));

        var yearNineFridays = Assert.Single(LessonReport.Build(records, LessonReportBy.Subject, new LessonReportFilter(YearGroup: "9", Day: DayOfWeek.Friday)));
        Assert.Equal(("English", 1, 1, 100.0m), (yearNineFridays.Key, yearNineFridays.Pupils, yearNineFridays.Late, yearNineFridays.AttendancePercent));
        Assert.Equal(["Year 9", "Year 10"], LessonReport.Build(records, LessonReportBy.YearGroup, new LessonReportFilter()).Select(r => r.Key));
        Assert.Equal(2, LessonReport.Build(records, LessonReportBy.Pupil, new LessonReportFilter(Teacher: "KHA")).Count);
    }
}
