namespace Attendance.Domain;

/// <summary>
/// The grounds on which a pupil of compulsory school age is deleted from the admission register: regulation 9(1)(a)
/// to (o) of the School Attendance (Pupil Registration) (England) Regulations 2024, in that order. A deletion on any
/// other ground is not lawful (off-rolling), so the register takes only these.
/// </summary>
public enum DeletionGround
{
    /// <summary>(a) registered at another school (not a dual registration the school agreed).</summary>
    RegisteredAtAnotherSchool = 1,

    /// <summary>(b) did not continue at the school after its nursery education.</summary>
    NurseryEducationCompleted = 2,

    /// <summary>(c) also registered at other schools, which agreed to the deletion.</summary>
    DualRegistrationEnded = 3,

    /// <summary>(d) a school attendance order changed to name another school.</summary>
    AttendanceOrderChanged = 4,

    /// <summary>(e) a school attendance order revoked: suitable education otherwise arranged.</summary>
    AttendanceOrderRevoked = 5,

    /// <summary>(f) the parent told the school in writing that the pupil will be educated otherwise than at school.</summary>
    EducatedOtherwiseThanAtSchool = 6,

    /// <summary>(g) no longer lives within a reasonable distance of the school.</summary>
    NoLongerLivesNearby = 7,

    /// <summary>(h) did not return after a leave of absence, and enquiries have not found them.</summary>
    NotReturnedAfterLeave = 8,

    /// <summary>(i) continuously absent for 20 school days, and enquiries have not found them.</summary>
    ContinuouslyAbsent20Days = 9,

    /// <summary>(j) detained under a sentence of detention.</summary>
    Detained = 10,

    /// <summary>(k) has died.</summary>
    Died = 11,

    /// <summary>(l) will be over compulsory school age and is not continuing into the sixth form.</summary>
    CompulsorySchoolAgeEnded = 12,

    /// <summary>(m) a boarder whose boarding fees have not been paid.</summary>
    BoardingFeesUnpaid = 13,

    /// <summary>(n) ceased to be a pupil of an independent school or non-maintained special school.</summary>
    CeasedAtIndependentSchool = 14,

    /// <summary>(o) permanently excluded.</summary>
    PermanentlyExcluded = 15,
}

public enum AdmissionEntryKind
{
    Admission = 1,
    Deletion = 2,
}

/// <summary>
/// One line of the admission register, kept for good: a pupil's admission (their starting day) or the deletion of
/// their name (the last day on roll and the ground), who recorded it and when.
/// </summary>
/// <param name="On">For an admission, the pupil's starting day; for a deletion, the last day they are on roll.</param>
public sealed record AdmissionEntry(
    string Upn, AdmissionEntryKind Kind, DateOnly On, DeletionGround? Ground, string? Note, Staff By, DateTimeOffset At)
{
    /// <summary>The regulation's letter for a ground, e.g. "9(1)(a)".</summary>
    public static string Regulation(DeletionGround ground) => $"9(1)({(char)('a' + (int)ground - 1)})";
}

/// <summary>A stretch of days a pupil is on roll: from their starting day to the last day before deletion (open while on roll).</summary>
public sealed record RollPeriod(DateOnly From, DateOnly? To)
{
    public bool Covers(DateOnly day) => day >= From && (To is null || day <= To);

    /// <summary>Whether the pupil is on roll on any day from <paramref name="first"/> to <paramref name="last"/>.</summary>
    public bool Overlaps(DateOnly first, DateOnly last) => From <= last && (To is null || To >= first);

    /// <summary>Whether <paramref name="periods"/> cover the day; null periods (no admission recorded) mean on roll throughout.</summary>
    public static bool OnRoll(IReadOnlyList<RollPeriod>? periods, DateOnly day) => periods?.Any(p => p.Covers(day)) ?? true;
}

/// <summary>
/// A pupil's lines of the admission register in the order made, and the periods on roll they give. An admission
/// needs the pupil off roll; a deletion needs them on roll, a defined ground, and a last day not before their
/// starting day; each line is dated on or after the one before (the register is a history, not a form to edit).
/// </summary>
public sealed class PupilAdmissions(IReadOnlyList<AdmissionEntry> entries)
{
    public IReadOnlyList<AdmissionEntry> Entries { get; } = entries;

    public bool IsOnRoll => Entries.Count > 0 && Entries[^1].Kind == AdmissionEntryKind.Admission;

    public IReadOnlyList<RollPeriod> Periods()
    {
        var periods = new List<RollPeriod>();
        foreach (var entry in Entries)
        {
            if (entry.Kind == AdmissionEntryKind.Admission)
            {
                periods.Add(new RollPeriod(entry.On, null));
            }
            else if (periods.Count > 0)
            {
                periods[^1] = periods[^1] with { To = entry.On };
            }
        }

        return periods;
    }

    public bool OnRollOn(DateOnly day) => RollPeriod.OnRoll(Periods(), day);

    /// <summary>Why the line cannot follow the ones already made, in words for the office; null when it can.</summary>
    public string? Refuse(AdmissionEntry next)
    {
        var last = Entries.Count > 0 ? Entries[^1] : null;
        if (next.Kind == AdmissionEntryKind.Admission)
        {
            return IsOnRoll
                ? $"{next.Upn} is already on roll (admitted {last!.On:d MMMM yyyy})."
                : last is not null && next.On <= last.On
                    ? $"{next.Upn} was on roll until {last.On:d MMMM yyyy}: a new admission starts after that day."
                    : null;
        }

        if (next.Ground is not { } ground || !Enum.IsDefined(ground))
        {
            return $"A deletion needs one of the grounds in regulation 9(1) of the 2024 regulations ({string.Join(", ", Enum.GetNames<DeletionGround>())}).";
        }

        return !IsOnRoll
            ? $"{next.Upn} is not on roll, so there is no name to delete."
            : next.On < last!.On
                ? $"{next.Upn} started on {last.On:d MMMM yyyy}: the last day on roll cannot be before it."
                : null;
    }
}

/// <summary>
/// When the local authority must be told (regulation 13): a new pupil return by the end of the fifth day after the
/// name is entered, and a deletion return as soon as the ground is met and no later than the deletion itself.
/// </summary>
public static class AdmissionReturns
{
    public const int NewPupilReturnDays = 5;

    /// <summary>The last day for the new pupil return: the fifth day after the day the name was entered.</summary>
    public static DateOnly NewPupilReturnDue(DateOnly entered) => entered.AddDays(NewPupilReturnDays);

    /// <summary>The last day for the deletion return: the day the name is deleted (the pupil's last day on roll).</summary>
    public static DateOnly DeletionReturnDue(DateOnly lastDayOnRoll) => lastDayOnRoll;

    /// <summary>
    /// Regulation 13(2): no new pupil return for a pupil placed in the school's most junior class whose starting day is
    /// the first day of the school year (unless the local authority asks for them).
    /// </summary>
    public static bool NewPupilReturnNeeded(string yearGroup, DateOnly startingDay, DateOnly firstDayOfYear, IEnumerable<string> schoolYearGroups) =>
        !(startingDay == firstDayOfYear && YearGroupRank(yearGroup) <= schoolYearGroups.Min(YearGroupRank));

    /// <summary>Year groups from youngest: nursery (N1, N2), reception (R), then Year 1 to 14; anything else last.</summary>
    public static int YearGroupRank(string yearGroup) => yearGroup.Trim().ToUpperInvariant() switch
    {
        "N1" => -2,
        "N2" or "N" => -1,
        "R" => 0,
        var year when int.TryParse(year.TrimStart('Y'), out var number) => number,
        _ => int.MaxValue,
    };
}
