namespace Attendance.Domain;

/// <summary>
/// What each ground of regulation 9(1) needs before a name may be deleted. The register checks what it can (a run of
/// unauthorised absence, a pupil's year group and the date); for the rest the office records the evidence in the
/// deletion's note, and a deletion on such a ground without it is refused.
/// </summary>
public static class DeletionRules
{
    /// <summary>School days in a row of absence without permission that ground (i) needs.</summary>
    public const int ContinuousAbsenceDays = 20;

    /// <summary>Year 11, the last year of compulsory school age.</summary>
    public const int FinalCompulsoryYear = 11;

    /// <summary>The evidence a ground needs recorded with the deletion; null for a ground the register needs none for.</summary>
    public static string? EvidenceFor(DeletionGround ground) => ground switch
    {
        DeletionGround.DualRegistrationEnded => "the consent of every other school the pupil is registered at",
        DeletionGround.EducatedOtherwiseThanAtSchool => "the date of the parent's written notice that the pupil is educated otherwise than at school",
        DeletionGround.NoLongerLivesNearby => "the pupil's new address",
        DeletionGround.NotReturnedAfterLeave => "the enquiries the school and the local authority made without finding the pupil",
        DeletionGround.ContinuouslyAbsent20Days => "the enquiries the school and the local authority made without finding the pupil, and why sickness or an unavoidable cause is not believed to be the reason",
        DeletionGround.PermanentlyExcluded => "the date of the exclusion decision and that any review has concluded",
        _ => null,
    };

    /// <summary>
    /// Why the register cannot take a deletion on <paramref name="ground"/> with <paramref name="lastDay"/> as the last
    /// day on roll; null when it can.
    /// </summary>
    /// <param name="unauthorisedDays">School days in a row, ending on the last day, on which every mark was an absence without permission.</param>
    /// <param name="note">What the office recorded with the deletion.</param>
    public static string? Refuse(DeletionGround ground, DateOnly lastDay, string yearGroup, int unauthorisedDays, string? note)
    {
        var regulation = AdmissionEntry.Regulation(ground);
        if (ground == DeletionGround.ContinuouslyAbsent20Days && unauthorisedDays < ContinuousAbsenceDays)
        {
            return $"Ground {regulation} needs at least {ContinuousAbsenceDays} school days in a row of absence without permission (G, N or O) up to the last day on roll; the register shows {unauthorisedDays} ending on {lastDay:d MMMM yyyy}.";
        }

        if (ground == DeletionGround.CompulsorySchoolAgeEnded)
        {
            // Year 11 reaches the end of compulsory school age on the last Friday in June; older pupils are past it.
            var rank = AdmissionReturns.YearGroupRank(yearGroup);
            var end = EndOfCompulsorySchoolAge(new AcademicYear(lastDay.Year - 1));
            if (rank < FinalCompulsoryYear)
            {
                return $"Ground {regulation} is for a pupil in Year {FinalCompulsoryYear} or above, whose compulsory school age ends on the last Friday in June; this pupil is in year group {yearGroup}.";
            }

            if (rank == FinalCompulsoryYear && lastDay < end)
            {
                return $"Ground {regulation}: a Year {FinalCompulsoryYear} pupil's compulsory school age ends on the last Friday in June ({end:d MMMM yyyy}); the last day given is {lastDay:d MMMM yyyy}, before it.";
            }
        }

        return EvidenceFor(ground) is { } evidence && string.IsNullOrWhiteSpace(note)
            ? $"A deletion on ground {regulation} records {evidence}: write it in the note."
            : null;
    }

    /// <summary>The last Friday in June of the school year: when a pupil who is 16 by the end of the summer holiday ceases to be of compulsory school age.</summary>
    public static DateOnly EndOfCompulsorySchoolAge(AcademicYear year)
    {
        var day = new DateOnly(year.StartYear + 1, 6, 30);
        while (day.DayOfWeek != DayOfWeek.Friday)
        {
            day = day.AddDays(-1);
        }

        return day;
    }
}
