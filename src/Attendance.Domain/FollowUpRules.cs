namespace Attendance.Domain;

/// <summary>
/// Same-day follow-up (rules digest §5 and §6): when first-day calls are due, when home visits fall, when the local
/// authority is told and a child missing education referred, how long <c>N</c> may stay <c>N</c>, and when a guest
/// pupil who has not arrived at a provision is chased. Defaults from seeds 000, 002 and 004 and national guidance.
/// </summary>
/// <param name="CallWithinMinutes">First-day calls are due this long after the register closes (004 §7.3: within an hour).</param>
/// <param name="HomeVisitDayVulnerable">The day of absence on which a vulnerable pupil with no contact is visited (002: day 1).</param>
/// <param name="HomeVisitDayOthers">The day of absence on which other pupils still unexplained are visited (004 §7.5: day 2).</param>
/// <param name="HomeVisitEveryDays">Visits repeat every so many school days while the absence stays unexplained (002: 3).</param>
/// <param name="InformLocalAuthorityDays">School days absent without permission in a row before the local authority is told (004 §8.4: 10).</param>
/// <param name="MissingEducationDays">School days absent in a row that, with <paramref name="MissingEducationVisits"/> visits without contact, make a child missing education referral (002: 20).</param>
/// <param name="ReasonNotEstablishedDays">
/// School days after which an <c>N</c> still not replaced becomes an alert. DfE guidance: <c>N</c> must not stay
/// once the reason is known and should become <c>O</c> if no reason is established; 5 school days is our default.
/// </param>
/// <param name="GuestArrivalMinutes">Minutes after a provision session starts before parents of a guest not yet there are called (000: 15).</param>
public sealed record FollowUpRules(
    int CallWithinMinutes = 60,
    int HomeVisitDayVulnerable = 1,
    int HomeVisitDayOthers = 2,
    int HomeVisitEveryDays = 3,
    int InformLocalAuthorityDays = 10,
    int MissingEducationDays = 20,
    int MissingEducationVisits = 3,
    int ReasonNotEstablishedDays = 5,
    int GuestArrivalMinutes = 15)
{
    /// <summary>The local time same-day tasks (telling the social worker or DSL, a home visit) are due by.</summary>
    public TimeOnly SameDayBy { get; init; } = new(17, 0);

    /// <summary>
    /// Whether a home visit is due on the <paramref name="absenceDay"/>-th school day of an unexplained absence:
    /// the first visit day, then every <see cref="HomeVisitEveryDays"/> school days after it.
    /// </summary>
    public bool HomeVisitDue(int absenceDay, bool vulnerable)
    {
        var first = vulnerable ? HomeVisitDayVulnerable : HomeVisitDayOthers;
        return absenceDay >= first && (absenceDay - first) % HomeVisitEveryDays == 0;
    }

    public IEnumerable<string> Validate() => Counts.AtLeastOne(
        "Follow-up: the",
        ("minutes to make first-day calls", CallWithinMinutes), ("home-visit day for vulnerable pupils", HomeVisitDayVulnerable),
        ("home-visit day for other pupils", HomeVisitDayOthers), ("days between home visits", HomeVisitEveryDays),
        ("days before the local authority is told", InformLocalAuthorityDays), ("days before a child missing education referral", MissingEducationDays),
        ("home visits before a child missing education referral", MissingEducationVisits), ("days an N may stay N", ReasonNotEstablishedDays),
        ("minutes before a guest's parents are called", GuestArrivalMinutes));
}
