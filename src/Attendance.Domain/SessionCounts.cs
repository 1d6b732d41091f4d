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

    /// <summary>Counts a session from the codes of the pupils on roll (null for a pupil with no mark yet), in one pass.</summary>
    public static SessionCounts For(IReadOnlyCollection<string?> codes) =>
        codes.Aggregate(Empty with { OnRoll = codes.Count, Unmarked = codes.Count }, (counts, code) => counts.Changed(null, code));

    /// <summary>
    /// The counts after one pupil's mark changed from <paramref name="before"/> to <paramref name="after"/> (null: no
    /// mark): a live view keeps its counts by this, never counting the whole class again for one mark.
    /// </summary>
    public SessionCounts Changed(string? before, string? after) => With(before, -1).With(after, +1);

    private SessionCounts With(string? code, int sign)
    {
        if (code is null)
        {
            return this with { Unmarked = Unmarked + sign };
        }

        var mark = NationalCodes.Get(code);
        int If(bool counts) => counts ? sign : 0;
        return new SessionCounts(
            OnRoll,
            Present + If(mark.Category == AttendanceCategory.Present),
            Late + If(mark == NationalCodes.Late),
            ArrivedAfterRegisterClosed + If(mark == NationalCodes.ArrivedAfterRegisterClosed),
            ApprovedEducationalActivity + If(mark.Category == AttendanceCategory.ApprovedEducationalActivity),
            AuthorisedAbsence + If(mark.Category == AttendanceCategory.AuthorisedAbsence),
            UnauthorisedAbsence + If(mark.Category == AttendanceCategory.UnauthorisedAbsence),
            ReasonNotYetEstablished + If(mark == NationalCodes.ReasonNotYetEstablished),
            NotCounted + If(!mark.Category.IsPossibleSession()),
            Unmarked);
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
