namespace Attendance.Domain;

/// <summary>
/// Headline figures for one session of a class or a school. <see cref="Present"/> includes late arrivals
/// (<see cref="Late"/>); pupils arriving after the register closed are unauthorised absences and counted in
/// <see cref="ArrivedAfterRegisterClosed"/> too; <see cref="ReasonNotYetEstablished"/> (<c>N</c>) are the
/// first-day calls still to make.
/// </summary>
public sealed record SessionCounts(
    int OnRoll,
    int Present,
    int Late,
    int ArrivedAfterRegisterClosed,
    int ApprovedEducationalActivity,
    int AuthorisedAbsence,
    int UnauthorisedAbsence,
    int ReasonNotYetEstablished,
    int NotCounted,
    int Unmarked)
{
    public static SessionCounts Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Marks in the present, approved, authorised and unauthorised categories.</summary>
    public int PossibleSessions => Present + ApprovedEducationalActivity + AuthorisedAbsence + UnauthorisedAbsence;

    public int SessionsAttended => Present + ApprovedEducationalActivity;

    /// <summary>Attendance for the session so far: attended over possible sessions among the pupils marked.</summary>
    public decimal? AttendancePercent => Percent.Of(SessionsAttended, PossibleSessions);

    /// <summary>Counts a session from the codes of the pupils on roll (null for a pupil with no mark yet).</summary>
    public static SessionCounts For(IReadOnlyCollection<string?> codes)
    {
        var marks = codes.Where(c => c is not null).Select(c => NationalCodes.Get(c!)).ToList();
        int Count(Func<AttendanceCode, bool> predicate) => marks.Count(predicate);
        return new SessionCounts(
            OnRoll: codes.Count,
            Present: Count(c => c.Category == AttendanceCategory.Present),
            Late: Count(c => c == NationalCodes.Late),
            ArrivedAfterRegisterClosed: Count(c => c == NationalCodes.ArrivedAfterRegisterClosed),
            ApprovedEducationalActivity: Count(c => c.Category == AttendanceCategory.ApprovedEducationalActivity),
            AuthorisedAbsence: Count(c => c.Category == AttendanceCategory.AuthorisedAbsence),
            UnauthorisedAbsence: Count(c => c.Category == AttendanceCategory.UnauthorisedAbsence),
            ReasonNotYetEstablished: Count(c => c == NationalCodes.ReasonNotYetEstablished),
            NotCounted: Count(c => !c.Category.IsPossibleSession()),
            Unmarked: codes.Count - marks.Count);
    }

    public static SessionCounts Sum(IEnumerable<SessionCounts> counts) => counts.Aggregate(Empty, (a, b) => new SessionCounts(
        a.OnRoll + b.OnRoll,
        a.Present + b.Present,
        a.Late + b.Late,
        a.ArrivedAfterRegisterClosed + b.ArrivedAfterRegisterClosed,
        a.ApprovedEducationalActivity + b.ApprovedEducationalActivity,
        a.AuthorisedAbsence + b.AuthorisedAbsence,
        a.UnauthorisedAbsence + b.UnauthorisedAbsence,
        a.ReasonNotYetEstablished + b.ReasonNotYetEstablished,
        a.NotCounted + b.NotCounted,
        a.Unmarked + b.Unmarked));
}
