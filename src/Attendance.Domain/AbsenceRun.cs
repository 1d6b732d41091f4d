namespace Attendance.Domain;

/// <summary>
/// How long a pupil has been away, in school days counted back from a day (weekends, holidays and closures are not
/// school days, so they neither count nor break a run, and a run goes on over the summer). A day counts when it has
/// marks and every mark is an absence without permission, <c>G</c>, <c>N</c> or <c>O</c> (regulation 9(1)(i)'s
/// codes: a pupil marked <c>U</c> came in, late); it is also unexplained when every mark is <c>N</c> or <c>O</c> (no
/// reason known). A day without marks (no register taken) ends the run: absence is only counted from the register.
/// </summary>
/// <param name="UnauthorisedDays">Days absent without permission in a row, ending on the day asked about.</param>
/// <param name="Since">The first day of that run, or null when the pupil was not absent without permission that day.</param>
/// <param name="UnexplainedDays">Days in a row with no reason known, ending on the day asked about.</param>
public sealed record AbsenceRun(int UnauthorisedDays, DateOnly? Since, int UnexplainedDays)
{
    public static AbsenceRun None { get; } = new(0, null, 0);

    /// <summary>The run ending on <paramref name="day"/>; none on a day the school is closed.</summary>
    public static AbsenceRun Measure(SchoolCalendar calendar, DateOnly day, Func<Session, string?> codeOf)
    {
        if (!calendar.IsSchoolDay(day))
        {
            return None;
        }

        var firstDay = calendar.FirstDay ?? day;
        int unauthorised = 0, unexplained = 0;
        DateOnly? since = null;
        var explained = false;
        for (var date = day; date >= firstDay; date = date.AddDays(-1))
        {
            if (!calendar.IsSchoolDay(date))
            {
                continue;
            }

            var marks = new[] { SessionPart.AM, SessionPart.PM }
                .Select(part => new Session(date, part))
                .Where(calendar.IsOpen)
                .Select(codeOf)
                .OfType<string>()
                .ToList();
            if (marks.Count == 0 || marks.Any(code => code is not ("G" or "N" or "O")))
            {
                break;
            }

            unauthorised++;
            since = date;
            explained |= marks.Any(code => code is not ("N" or "O"));
            unexplained += explained ? 0 : 1;
        }

        return new AbsenceRun(unauthorised, since, unexplained);
    }
}
