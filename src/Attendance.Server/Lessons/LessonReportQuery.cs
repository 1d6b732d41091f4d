using System.Security.Claims;
using Attendance.Domain;
using Attendance.Server.Access;
using Attendance.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.Server.Lessons;

/// <summary>A lesson report's query string: the range, the grouping and the filters, each checked with a clear refusal.</summary>
public sealed record LessonReportQuery(string? From, string? To, string? By, string? Year, string? Subject, string? Teacher, string? Day, string? Period)
{
    private const int MaxDays = 400;

    /// <summary>Why the query cannot be answered, or null when it can.</summary>
    public ProblemHttpResult? Read()
    {
        if (LessonsApi.Date(From) is not { } from || LessonsApi.Date(To) is not { } to || to < from || to.DayNumber - from.DayNumber >= MaxDays)
        {
            return Problems.Invalid($"Give the report's dates as from and to (e.g. from=2026-09-03&to=2026-10-23), from not after to, at most {MaxDays} days.", "from", "to");
        }

        if (By is not null && !StrictEnumConverter.TryParse<LessonReportBy>(By, out _))
        {
            return Problems.Invalid($"'{By}' is not a way to group a lesson report: use {string.Join(", ", Enum.GetNames<LessonReportBy>())}.", "by");
        }

        return Day is not null && !StrictEnumConverter.TryParse<DayOfWeek>(Day, out _)
            ? Problems.Invalid($"'{Day}' is not a day of the week (e.g. Friday).", "day")
            : null;
    }

    /// <summary>Runs a query <see cref="Read"/> accepted.</summary>
    public Task<LessonReportView> Run(KnownSchool school, ClaimsPrincipal user, LessonsService lessons)
    {
        StrictEnumConverter.TryParse<LessonReportBy>(By ?? nameof(LessonReportBy.Subject), out var by);
        DayOfWeek? day = StrictEnumConverter.TryParse<DayOfWeek>(Day, out var weekday) ? weekday : null;
        return lessons.Report(school, StaffUser.From(user), LessonsApi.Date(From)!.Value, LessonsApi.Date(To)!.Value, by, new LessonReportFilter(Year, Subject, Teacher, day, Period));
    }
}
