using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Server.Demo;

/// <summary>
/// The demo trust's secondary school: Years 7 to 11 in six forms each (about 900 pupils), registration at 08:30 and
/// 13:50, and a one-week timetable of six periods a day (30 a week). Maths is taught in six ability sets across each
/// year; the other subjects by form. Teachers and rooms are numbered per subject (MA1, EN2; room M1, E2), none in two
/// places at once. Deterministic: the same every run.
/// </summary>
public static class DemoSecondary
{
    public const string Id = "northgate";

    /// <summary>The demo's maths teacher and Year 9 Cam form tutor (the "teacher-lessons" sign-in).</summary>
    public const string MathsTeacher = "MA1";

    private static readonly (string Year, string Phase, int Age)[] YearGroups =
        [("7", "KS3", 11), ("8", "KS3", 12), ("9", "KS3", 13), ("10", "KS4", 14), ("11", "KS4", 15)];

    private static readonly string[] Forms = ["Avon", "Brent", "Cam", "Dart", "Exe", "Fal"];

    /// <summary>A year's registration groups (9A…9F): what its head of year covers.</summary>
    public static string[] FormsOf(string year) => [.. Forms.Select(form => Form(year, form))];

    private static string Form(string year, string form) => $"{year}{form[0]}";

    // Each form's week besides maths (26 lessons), with each subject's code, room prefix and lessons a week.
    private static readonly (string Subject, string Code, string Room, int Lessons)[] Subjects =
    [
        ("English", "EN", "E", 4), ("Science", "SC", "S", 4), ("French", "FR", "L", 3), ("History", "HI", "H", 2), ("Geography", "GE", "G", 2),
        ("PE", "PE", "Gym", 2), ("Art", "AR", "A", 2), ("Computing", "CO", "IT", 2), ("RE", "RE", "R", 2), ("Music", "MU", "Mu", 1),
        ("Drama", "DR", "D", 1), ("PSHE", "PS", "T", 1),
    ];

    private static readonly Period[] Periods =
    [
        new("P1", "Period 1", new(9, 10), new(10, 5)), new("P2", "Period 2", new(10, 5), new(11, 0)),
        new("P3", "Period 3", new(11, 20), new(12, 15)), new("P4", "Period 4", new(12, 15), new(13, 10)),
        new("P5", "Period 5", new(14, 0), new(14, 55)), new("P6", "Period 6", new(14, 55), new(15, 50)),
    ];

    private static readonly DayOfWeek[] Days = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>The trust's calendar, with a secondary school's registration: 08:30 (late after 08:40) and 13:50.</summary>
    public static SchoolSettings Settings(DateOnly today) => DemoSchool.Settings(today, "Northgate Academy (demo)", "900003", "9994001") with
    {
        SessionTimes = new SessionTimes(
            new RegisterWindow(new TimeOnly(8, 30), new TimeOnly(8, 40), new TimeOnly(9, 10)),
            new RegisterWindow(new TimeOnly(13, 50), new TimeOnly(14, 0), new TimeOnly(14, 20))),
        PhaseSessionTimes = null,
    };

    public static Roster Roster(DateOnly today) => DemoSchool.Roster(today, Forms, firstUpn: 803_000_000_000, YearGroups);

    public static Timetable Timetable(Roster roster)
    {
        var groups = new List<TeachingGroup>();
        var lessons = new List<(int Slot, string Id, string Group, string Subject, string Code, string Room)>();
        var weekly = Subjects.SelectMany(s => Enumerable.Repeat(s, s.Lessons)).OrderBy(s => Array.IndexOf(Subjects, s) % 4).ToArray();
        for (var y = 0; y < YearGroups.Length; y++)
        {
            var year = YearGroups[y].Year;
            var pupils = roster.Pupils.Where(p => p.YearGroup == year).ToList();
            var mathsSlots = Enumerable.Range(0, 4).Select(k => (y * 2 + k * 8 + k) % 30).ToHashSet();

            // Maths sets by a stable stand-in for prior attainment, six to a year.
            var ranked = pupils.OrderBy(p => DemoSchool.Seed(p.Upn) % 997).ToList();
            for (var set = 1; set <= Forms.Length; set++)
            {
                var id = $"{year}-Ma{set}";
                groups.Add(new TeachingGroup(id, $"Year {year} Maths set {set}", "Maths", [.. ranked.Skip((set - 1) * ranked.Count / 6).Take(set * ranked.Count / 6 - (set - 1) * ranked.Count / 6).Select(p => p.Upn)]));
                lessons.AddRange(mathsSlots.Select(slot => (slot, $"{id}-{Slot(slot)}", id, "Maths", "MA", "M")));
            }

            for (var f = 0; f < Forms.Length; f++)
            {
                var form = Form(year, Forms[f]);
                var members = pupils.Where(p => p.RegistrationGroup == form).Select(p => p.Upn).ToList();
                groups.AddRange(Subjects.Select(s => new TeachingGroup($"{form}-{s.Code}", $"{form} {s.Subject}", s.Subject, members)));
                var i = 0;
                foreach (var slot in Enumerable.Range(0, 30).Where(s => !mathsSlots.Contains(s)))
                {
                    var subject = weekly[(i++ + f * 4) % weekly.Length];
                    lessons.Add((slot, $"{form}-{subject.Code}-{Slot(slot)}", $"{form}-{subject.Code}", subject.Subject, subject.Code, subject.Room));
                }
            }
        }

        // Each lesson of a slot takes the first teacher and room of its subject free in that slot.
        var timetabled = lessons.GroupBy(l => (l.Slot, l.Code)).SelectMany(subject =>
            subject.Select((l, n) => new TimetabledLesson(l.Id, l.Group, 1, Days[l.Slot / 6], Periods[l.Slot % 6].Id, $"{l.Code}{n + 1}", $"{l.Room}{n + 1}")));
        return new Timetable(Periods, groups, [.. timetabled]);
    }

    /// <summary>
    /// The shown session's lesson registers, each taken a few minutes into its period: present for pupils in school at
    /// registration (a few late), absent for those the register says are elsewhere. In the morning, one Year 9 pupil
    /// registered in school misses periods 2 and 3 (a truancy alert, live) and is seen again in period 4 (it closes);
    /// another attends none of the morning's lessons (the office is asked to check the register). In the afternoon the
    /// first misses period 5 and is seen in period 6. A lesson whose register has not opened yet by the school's clock
    /// (the demo played during the school day) is left untaken.
    /// </summary>
    /// <param name="schoolId">The school playing it (the demo's, or a test's own).</param>
    public static IReadOnlyList<DemoMorning.Step> Lessons(SchoolSettings settings, Timetable timetable, Session shown, string schoolId = Id)
    {
        var day = shown.Date;
        var random = new Random(day.DayNumber);
        var truants = new List<string>(); // chosen from Year 9's first lesson of the session: [the one seen again, the one never seen]
        var steps = new List<DemoMorning.Step>();
        var lessons = timetable.LessonsOn(day, [], settings.SessionTimes.SessionAt).Where(l => l.Part == shown.Part && settings.Calendar.IsOpen(l.Session)).ToList();
        var periods = lessons.Select(l => l.Period.Id).Distinct().ToList();
        foreach (var lesson in lessons)
        {
            var period = periods.IndexOf(lesson.Period.Id); // in the session, from 0
            var teacher = new Staff($"Teacher {lesson.Teacher}", $"Teacher of {lesson.Subject.ToLowerInvariant()}");
            steps.Add(new DemoMorning.Step(lesson.Period.Starts.AddMinutes(2 + random.Next(6)), async grains =>
            {
                var register = grains.GetLessonRegister(schoolId, day, lesson.LessonId);
                if (await register.Get() is not { } sheet)
                {
                    return;
                }

                var inSchool = sheet.Lines.Where(l => LessonRules.InSchool(l.SessionCode)).Select(l => l.Upn).ToList();
                if (period == 0 && lesson.GroupId.StartsWith('9') && truants.Count == 0 && inSchool.Count > 2)
                {
                    truants.AddRange(inSchool.Take(2));
                }

                var marks = sheet.Lines.Select(line => Presence(line, period) switch
                {
                    LessonPresence.Late => new LessonMark(line.Upn, LessonPresence.Late, 2 + random.Next(9)),
                    var presence => new LessonMark(line.Upn, presence),
                }).ToList();
                await register.Submit(new LessonRegisterSubmission(teacher, marks, $"demo-{day}-{lesson.LessonId}"));
            }));
        }

        return steps;

        // The one seen again misses the session's middle periods (the first, when it has only two); the other, all of them.
        LessonPresence Presence(LessonLine line, int period) =>
            !LessonRules.InSchool(line.SessionCode) ? LessonPresence.Absent
            : truants.Count == 2 && line.Upn == truants[0] && (periods.Count > 2 ? period > 0 && period < periods.Count - 1 : period == 0) ? LessonPresence.Absent
            : truants.Count == 2 && line.Upn == truants[1] ? LessonPresence.Absent
            : random.NextDouble() < 0.04 ? LessonPresence.Late : LessonPresence.Present;
    }

    private static string Slot(int slot) => $"{Days[slot / 6].ToString()[..3]}{slot % 6 + 1}";
}
