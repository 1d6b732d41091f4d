namespace Attendance.Domain;

/// <summary>
/// Working with families (seed 004 §5 and appendix 4; 2024 guidance): how far ahead leave in term time is requested,
/// how granted and refused leave is coded, and the message home on the first day of an unexplained absence.
/// </summary>
/// <param name="LeaveNoticeDays">Days between the request and the first day of leave below which a request is late (004 §5.2: two weeks).</param>
/// <param name="GrantedLeaveCode">The code for sessions of granted leave (national: <c>C</c>, leave in exceptional circumstances).</param>
/// <param name="RefusedLeaveCode">The code for a session of refused leave the pupil is absent for (national: <c>G</c>, holiday not authorised).</param>
/// <param name="FirstDayMessage">Whether the priority contact of a pupil still <c>N</c> at register close gets a message (e-mail, else text).</param>
/// <param name="ActionPlanReviewWeeks">Weeks from the meeting to an action plan's review, unless another date is agreed (004: four weeks).</param>
/// <param name="FirstDayWording">The message, a Liquid template: <c>{{ PrefFirstName }}</c>, <c>{{ Session }}</c>, <c>{{ SchoolName }}</c>, <c>{{ ContactName }}</c>.</param>
/// <param name="PartTimeTimetableWeeks">The longest a part-time timetable may run (004 §10.5: no longer than 6 weeks; the 2024 guidance: time-limited).</param>
/// <param name="PartTimeTimetableReviewDays">The longest between a part-time timetable's start or review and its next review (004 §10.5: at least fortnightly).</param>
/// <param name="PartTimeTimetableWarningDays">Days before a part-time timetable's agreed end that the attendance lead is told it is ending.</param>
public sealed record FamilyRules(
    int LeaveNoticeDays = 14,
    string GrantedLeaveCode = "C",
    string RefusedLeaveCode = "G",
    bool FirstDayMessage = true,
    string FirstDayWording = FamilyRules.DefaultFirstDayWording,
    int ActionPlanReviewWeeks = 4,
    int PartTimeTimetableWeeks = 6,
    int PartTimeTimetableReviewDays = 14,
    int PartTimeTimetableWarningDays = 5)
{
    /// <summary>The merge fields the first-day message may use.</summary>
    public static readonly IReadOnlySet<string> FirstDayFields = new HashSet<string>(["PrefFirstName", "Session", "SchoolName", "ContactName"]);

    public const string DefaultFirstDayWording =
        "Dear {{ ContactName }}, {{ PrefFirstName }} is not in school this {{ Session }} and we have not been told why. " +
        "Please report the absence on the parent page or call the school office today. {{ SchoolName }}";

    /// <summary>
    /// A request made on <paramref name="requestedOn"/> for leave from <paramref name="firstDay"/> is late when fewer
    /// than <see cref="LeaveNoticeDays"/> days separate them: exactly the notice period is on time.
    /// </summary>
    public bool IsLate(DateOnly requestedOn, DateOnly firstDay) => firstDay.DayNumber - requestedOn.DayNumber < LeaveNoticeDays;

    /// <summary>
    /// What is wrong with a part-time timetable's dates under the policy: it runs at most
    /// <see cref="PartTimeTimetableWeeks"/> weeks (its last day is the start plus that many weeks less a day) and is
    /// first reviewed at most <see cref="PartTimeTimetableReviewDays"/> days after it starts.
    /// </summary>
    public IEnumerable<string> CheckTimetable(DateOnly start, DateOnly agreedEnd, DateOnly reviewOn)
    {
        var latestEnd = start.AddDays(7 * PartTimeTimetableWeeks - 1);
        if (agreedEnd > latestEnd)
        {
            yield return $"A part-time timetable lasts no longer than {PartTimeTimetableWeeks} weeks (the policy's partTimeTimetableWeeks): from {start:d MMMM yyyy} it ends by {latestEnd:d MMMM yyyy}, not {agreedEnd:d MMMM yyyy}.";
        }

        if (CheckNextReview(start, reviewOn) is { } review)
        {
            yield return review;
        }
    }

    /// <summary>What is wrong with a review date set on <paramref name="from"/> (a start or a review): at most <see cref="PartTimeTimetableReviewDays"/> days later.</summary>
    public string? CheckNextReview(DateOnly from, DateOnly nextReview) =>
        nextReview > from.AddDays(PartTimeTimetableReviewDays)
            ? $"A part-time timetable is reviewed at least every {PartTimeTimetableReviewDays} days (the policy's partTimeTimetableReviewDays): after {from:d MMMM yyyy} the review falls by {from.AddDays(PartTimeTimetableReviewDays):d MMMM yyyy}, not {nextReview:d MMMM yyyy}."
            : null;

    public IEnumerable<string> Validate()
    {
        if (LeaveNoticeDays < 0)
        {
            yield return $"The notice for leave requests is {LeaveNoticeDays} days: it cannot be negative.";
        }

        foreach (var (name, code, category) in new[]
        {
            ("granted leave", GrantedLeaveCode, AttendanceCategory.AuthorisedAbsence),
            ("refused leave taken", RefusedLeaveCode, AttendanceCategory.UnauthorisedAbsence),
        })
        {
            if (!NationalCodes.TryGet(code, out var known) || known.Category != category)
            {
                yield return $"The code for {name} is '{code}': it must be a national code of the category {category}.";
            }
        }

        if (ActionPlanReviewWeeks < 1)
        {
            yield return $"An action plan is reviewed after {ActionPlanReviewWeeks} weeks: it must be at least 1.";
        }

        foreach (var problem in Counts.AtLeastOne("Part-time timetables: the", ("weeks one may last", PartTimeTimetableWeeks),
            ("days between reviews", PartTimeTimetableReviewDays), ("days' warning before the end", PartTimeTimetableWarningDays)))
        {
            yield return problem;
        }

        if (FirstDayMessage && string.IsNullOrWhiteSpace(FirstDayWording))
        {
            yield return "The first-day message is on but has no wording.";
        }
    }
}
