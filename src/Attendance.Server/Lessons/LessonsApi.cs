using System.Globalization;
using System.Security.Claims;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Schools;
using Attendance.Server.Access;
using Attendance.Server.Analytics;
using Attendance.Server.Hosting;
using Attendance.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Attendance.Server.Lessons;

/// <summary>
/// Secondary schools' lessons: the timetable (imported with a preview, changed for a day by cover), lesson registers
/// taken by whoever teaches the lesson that day, and who is where now. Lesson marks never change the legal register
/// (docs/RULES.md, "Lessons").
/// </summary>
public static class LessonsApi
{
    public static IEndpointRouteBuilder MapLessonsApi(this IEndpointRouteBuilder app)
    {
        var school = app.MapGroup("/api/schools/{schoolId}").WithTags("Lessons");

        school.MapPut("/timetable", ImportTimetable)
            .RequireAccess(Capability.ManageSchool)
            .ForKnownSchool()
            .WithSummary("Import the lesson timetable (periods, teaching groups, lessons; JSON, or CSV files as multipart/form-data); ?dryRun=true previews what would change");

        school.MapGet("/timetable", GetTimetable)
            .RequireAccess(Capability.ViewSchool)
            .ForKnownSchool()
            .WithSummary("The lesson timetable in use");

        school.MapGet("/lessons", GetLessons)
            .RequireAccess(Capability.SchoolInfo)
            .ForKnownSchool()
            .WithSummary("Today's (or ?date=) lessons with their registers' state: a teacher's own (cover included), every lesson for the office and leaders");

        school.MapGet("/lessons/now", GetNow)
            .RequireAccess(Capability.ViewSchool)
            .ForKnownSchool()
            .WithSummary("Who is where: the lessons of the period under way (or ?at=HH:mm), registers taken or overdue, and pupils unaccounted for");

        school.MapGet("/lessons/report", GetReport)
            .RequireAccess(Capability.ViewSchool)
            .ForKnownSchool()
            .WithSummary("Lesson attendance from ?from= to ?to= (at most a year), by subject, teacher, period, pupil or yearGroup (?by=), filtered by ?year=, ?subject=, ?teacher=, ?day= (e.g. Friday) and ?period=");

        school.MapGet("/lessons/report.svg", GetReportChart)
            .RequireAccess(Capability.ViewSchool)
            .ForKnownSchool()
            .WithSummary("The lesson report as a bar chart (SVG), for the same query and ?width=");

        school.MapGet("/lessons/{date}/{lessonId}", GetLessonRegister)
            .RequireAccess(Capability.ViewClass)
            .ForKnownSchool()
            .WithSummary("A lesson's register on a day (its pupils, their marks, and those known to be elsewhere), with the school's time now");

        // The hot path at the start of each period: no known-school filter (the lesson is looked up anyway).
        school.MapPost("/lessons/{date}/{lessonId}/register", SubmitLessonRegister)
            .RequireAccess(Capability.TakeRegister)
            .AsMarking("lesson-register")
            .WithSummary("Take a lesson register (a mark for every pupil), or take it again with changes; resending with the same Idempotency-Key header applies it once");

        school.MapPost("/lessons/{date}/{lessonId}/change", ChangeLesson)
            .RequireAccess(Capability.ManageSchool)
            .ForKnownSchool()
            .WithSummary("A covering teacher or another room for one lesson on one day");

        school.MapGet("/pupils/{upn}/where", GetWhereabouts)
            .RequireAccess(Capability.ViewPupil)
            .ForKnownSchool()
            .WithSummary("Where a pupil should be now (or ?at=HH:mm) by the timetable, and their lesson marks today");

        return app;
    }

    public static async Task<Results<Ok<TimetablePreview>, ProblemHttpResult>> ImportTimetable(
        KnownSchool school, bool? dryRun, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var (timetable, problems) = await TimetableUpload.ReadAsync(request, cancellationToken);
        if (timetable is null)
        {
            return Rejection.NotImported(RejectionReason.InvalidTimetable, problems, unreadable: true).ToProblem();
        }

        var grain = grains.GetGrain<ITimetableGrain>(school.Id);
        return (dryRun == true ? await grain.Preview(timetable) : await grain.Import(timetable, user.Staff())).ToResult();
    }

    public static async Task<Results<Ok<Timetable>, ProblemHttpResult>> GetTimetable(KnownSchool school, IGrainFactory grains) =>
        await grains.GetGrain<ITimetableGrain>(school.Id).Get() is { } timetable
            ? TypedResults.Ok(timetable)
            : Problems.NotFound(RejectionReason.UnknownLesson, $"School '{school.Id}' has no lesson timetable yet: import one with PUT /api/schools/{school.Id}/timetable.");

    public static async Task<Results<Ok<TodaysLessons>, ProblemHttpResult>> GetLessons(
        string? date, KnownSchool school, ClaimsPrincipal principal, LessonsService lessons)
    {
        if (date is not null && Date(date) is null)
        {
            return BadDate(date);
        }

        return TypedResults.Ok(await lessons.Today(school, StaffUser.From(principal), Date(date)));
    }

    public static async Task<Results<Ok<LessonReportView>, ProblemHttpResult>> GetReport(
        [AsParameters] LessonReportQuery query, KnownSchool school, ClaimsPrincipal user, LessonsService lessons) =>
        query.Read() is { } refused ? refused : TypedResults.Ok(await query.Run(school, user, lessons));

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetReportChart(
        [AsParameters] LessonReportQuery query, string? width, KnownSchool school, ClaimsPrincipal user, LessonsService lessons)
    {
        if (query.Read() is { } refused)
        {
            return refused;
        }

        var view = await query.Run(school, user, lessons);
        var by = view.By == LessonReportBy.YearGroup ? "year group" : view.By.ToString().ToLowerInvariant();
        return AnalyticsApi.Chart(BarChart.Draw(
            $"Lesson attendance by {by}, {view.SchoolName}, {view.From:d MMM yyyy} to {view.To:d MMM yyyy}", $"Lesson attendance by {by}",
            // The bars carry the label and the share only (a pupil's UPN and the counts are in the report's table).
            [.. view.Lines.Select(l => new ChartBar(view.By == LessonReportBy.Pupil ? l.Key[..l.Key.LastIndexOf(" (", StringComparison.Ordinal)] : l.Key, l.AttendancePercent,
                l.Suppressed ? $"not shown: fewer than {view.MinimumGroupSize} pupils" : Svg.Percent(l.AttendancePercent)))],
            null, AnalyticsApi.Width(width)));
    }

    public static async Task<Results<Ok<LessonsNow>, ProblemHttpResult>> GetNow(
        string? at, KnownSchool school, IGrainFactory grains, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock)
    {
        var now = school.Settings.LocalTime(clock.GetUtcNow());
        if (Time(at, now) is not { } time)
        {
            return Problems.Invalid($"'{at}' is not a time of day: use the form 11:20.", "at");
        }

        return TypedResults.Ok(await grains.GetGrain<ITimetableGrain>(school.Id).Now(DateOnly.FromDateTime(now), time));
    }

    public static async Task<Results<Ok<LessonSheet>, ProblemHttpResult>> GetLessonRegister(
        string schoolId, string date, string lessonId, KnownSchool school, ClaimsPrincipal user, IGrainFactory grains,
        [FromKeyedServices(SchoolClock.Key)] TimeProvider clock)
    {
        if (Date(date) is not { } day)
        {
            return BadDate(date);
        }

        return await grains.GetLessonRegister(schoolId, day, lessonId).Get() is { } register
            ? TypedResults.Ok(new LessonSheet(PupilProjection.AtSchool(StaffUser.From(user), schoolId).Apply(register), school.Settings.LocalTime(clock.GetUtcNow())))
            : NotTaught(day, lessonId);
    }

    public static async Task<Results<Ok<LessonRegister>, ProblemHttpResult>> SubmitLessonRegister(
        string schoolId,
        string date,
        string lessonId,
        LessonRegisterRequest? request,
        [FromHeader(Name = "Idempotency-Key")] string? requestId,
        ClaimsPrincipal user,
        IGrainFactory grains)
    {
        if (Date(date) is not { } day)
        {
            return BadDate(date);
        }

        if (request?.Marks is null || request.Marks.Any(m => m?.Upn is null || m.Presence is null))
        {
            return Problems.Invalid("A lesson register needs marks, each with a upn and a presence (Present, Late or Absent).", "marks");
        }

        var marks = request.Marks.Select(m => new LessonMark(m!.Upn!, m.Presence!.Value, m.MinutesLate)).ToList();
        var outcome = await grains.GetLessonRegister(schoolId, day, lessonId).Submit(new LessonRegisterSubmission(user.Staff(), marks, requestId));
        if (outcome.Rejection?.Reason == RejectionReason.UnknownLesson && await grains.GetGrain<ISchoolGrain>(schoolId).GetSettings() is null)
        {
            return KnownSchools.UnknownSchool(schoolId);
        }

        return outcome.Rejection is { } refused ? refused.ToProblem() : TypedResults.Ok(PupilProjection.AtSchool(StaffUser.From(user), schoolId).Apply(outcome.Value!));
    }

    public static async Task<Results<Ok<ScheduledLesson>, ProblemHttpResult>> ChangeLesson(
        string date, string lessonId, LessonChangeRequest? request, KnownSchool school, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (Date(date) is not { } day)
        {
            return BadDate(date);
        }

        return await grains.GetGrain<ITimetableGrain>(school.Id)
            .Change(new LessonChange(day, lessonId, request?.Teacher, request?.Room, request?.Reason ?? ""), user.Staff())
            .ToResult();
    }

    public static async Task<Results<Ok<PupilWhereabouts>, ProblemHttpResult>> GetWhereabouts(
        string upn, string? at, KnownSchool school, IGrainFactory grains, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock)
    {
        var now = school.Settings.LocalTime(clock.GetUtcNow());
        if (Time(at, now) is not { } time)
        {
            return Problems.Invalid($"'{at}' is not a time of day: use the form 11:20.", "at");
        }

        if (await grains.GetPupil(school.Id, upn).GetDetails() is null)
        {
            return Refusals.UnknownPupil(school.Id, upn);
        }

        var today = DateOnly.FromDateTime(now);
        var lessons = await grains.GetGrain<ITimetableGrain>(school.Id).LessonsOf(upn, today);
        var marked = await Task.WhenAll(lessons.Select(async l => new PupilLessonToday(l, await grains.GetLessonRegister(school.Id, today, l.LessonId).MarkOf(upn))));
        var current = marked.LastOrDefault(l => l.Lesson.Period.Starts <= time && time < l.Lesson.Period.Ends);
        return TypedResults.Ok(new PupilWhereabouts(upn, today, time, current?.Lesson, current?.Mark, marked));
    }

    internal static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    private static TimeOnly? Time(string? text, DateTime now) =>
        text is null ? TimeOnly.FromDateTime(now)
        : TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    private static ProblemHttpResult BadDate(string date) => Problems.Invalid($"'{date}' is not a date: use the form 2026-11-23.", "date");

    private static ProblemHttpResult NotTaught(DateOnly date, string lessonId) => LessonRejections.NotTaught(date, lessonId).ToProblem();
}
