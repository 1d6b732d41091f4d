namespace Attendance.Domain;

/// <summary>What makes a timetable unusable, each problem named by the period, group or lesson the school can find.</summary>
internal static class TimetableChecks
{
    public static IEnumerable<string> Periods(IReadOnlyList<Period> periods)
    {
        foreach (var id in Duplicates(periods.Select(p => p.Id)))
        {
            yield return $"Period '{id}' is listed more than once.";
        }

        foreach (var period in periods)
        {
            if (string.IsNullOrWhiteSpace(period.Id) || string.IsNullOrWhiteSpace(period.Name))
            {
                yield return "Every period needs an id and a name.";
            }
            else if (period.Ends <= period.Starts)
            {
                yield return $"Period '{period.Id}' ends at {period.Ends:HH\\:mm}, not after it starts at {period.Starts:HH\\:mm}.";
            }
        }

        var ordered = periods.OrderBy(p => p.Starts).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Starts < ordered[i - 1].Ends)
            {
                yield return $"Period '{ordered[i].Id}' starts at {ordered[i].Starts:HH\\:mm}, before period '{ordered[i - 1].Id}' ends at {ordered[i - 1].Ends:HH\\:mm}.";
            }
        }
    }

    public static IEnumerable<string> Groups(IReadOnlyList<TeachingGroup> groups)
    {
        foreach (var id in Duplicates(groups.Select(g => g.Id)))
        {
            yield return $"Teaching group '{id}' is listed more than once.";
        }

        foreach (var group in groups)
        {
            if (string.IsNullOrWhiteSpace(group.Id) || string.IsNullOrWhiteSpace(group.Name) || string.IsNullOrWhiteSpace(group.Subject) || group.Pupils is null)
            {
                yield return $"Teaching group '{group.Id}' needs an id, a name, a subject and a list of pupils.";
                continue;
            }

            foreach (var upn in Duplicates(group.Pupils))
            {
                yield return $"Teaching group '{group.Id}' lists pupil {upn} more than once.";
            }
        }
    }

    public static IEnumerable<string> Lessons(Timetable timetable)
    {
        var periods = timetable.Periods.Select(p => p.Id).ToHashSet();
        var groups = timetable.Groups.Where(g => g.Pupils is not null).ToDictionary(g => g.Id, g => g, StringComparer.Ordinal);
        foreach (var id in Duplicates(timetable.Lessons.Select(l => l.Id)))
        {
            yield return $"Lesson '{id}' is listed more than once.";
        }

        foreach (var lesson in timetable.Lessons)
        {
            var name = $"Lesson '{lesson.Id}'";
            if (string.IsNullOrWhiteSpace(lesson.Id) || string.IsNullOrWhiteSpace(lesson.Teacher) || string.IsNullOrWhiteSpace(lesson.Room))
            {
                yield return $"{name} needs an id, a teacher's staff code and a room.";
            }

            if (!groups.ContainsKey(lesson.Group ?? ""))
            {
                yield return $"{name} is for teaching group '{lesson.Group}', which is not in the timetable's groups.";
            }

            if (!periods.Contains(lesson.Period ?? ""))
            {
                yield return $"{name} is in period '{lesson.Period}', which is not in the timetable's periods.";
            }

            if (lesson.Week < 1 || lesson.Week > timetable.CycleWeeks)
            {
                yield return $"{name} is in week {lesson.Week}: the timetable has week{(timetable.CycleWeeks == 1 ? " 1 only" : "s 1 and 2")}.";
            }

            if (lesson.Day is DayOfWeek.Saturday or DayOfWeek.Sunday || !Enum.IsDefined(lesson.Day))
            {
                yield return $"{name} is on '{lesson.Day}': lessons are Monday to Friday.";
            }
        }

        // The same teacher, room or pupil in two lessons of one period.
        foreach (var slot in timetable.Lessons.GroupBy(l => (l.Week, l.Day, l.Period)))
        {
            var at = $"week {slot.Key.Week} {slot.Key.Day} period '{slot.Key.Period}'";
            foreach (var clash in slot.GroupBy(l => l.Teacher).Where(t => t.Count() > 1))
            {
                yield return $"Teacher {clash.Key} has {Names(clash)} at the same time ({at}).";
            }

            foreach (var clash in slot.GroupBy(l => l.Room).Where(r => r.Count() > 1))
            {
                yield return $"Room {clash.Key} has {Names(clash)} at the same time ({at}).";
            }

            var pupils = slot.SelectMany(l => groups.TryGetValue(l.Group ?? "", out var g) ? g.Pupils.Distinct().Select(upn => (upn, l)) : []);
            foreach (var clash in pupils.GroupBy(p => p.upn).Where(p => p.Count() > 1).Take(20))
            {
                yield return $"Pupil {clash.Key} is in {Names(clash.Select(p => p.l))} at the same time ({at}).";
            }
        }
    }

    private static string Names(IEnumerable<TimetabledLesson> lessons) => $"lessons {string.Join(" and ", lessons.Select(l => $"'{l.Id}'"))}";

    private static IEnumerable<string> Duplicates(IEnumerable<string> ids) =>
        ids.Where(id => !string.IsNullOrWhiteSpace(id)).GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key);
}
