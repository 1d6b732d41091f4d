namespace Attendance.Domain;

/// <summary>A pupil's attendance figures at one moment.</summary>
public sealed record TallySnapshot(
    int Present,
    int ApprovedEducationalActivity,
    int AuthorisedAbsence,
    int UnauthorisedAbsence,
    int NotCounted,
    int Late,
    int ArrivedAfterRegisterClosed,
    int RollingWindowWeeks,
    int UnauthorisedInRollingWindow)
{
    /// <summary>Sessions in the present, approved, authorised and unauthorised categories.</summary>
    public int PossibleSessions => Present + ApprovedEducationalActivity + AuthorisedAbsence + UnauthorisedAbsence;

    public int SessionsAttended => Present + ApprovedEducationalActivity;

    public int SessionsMissed => AuthorisedAbsence + UnauthorisedAbsence;

    /// <summary>Attendance = (present + approved) / possible, to one decimal place; null before any possible session.</summary>
    public decimal? AttendancePercent =>
        Percent.Of(SessionsAttended, PossibleSessions);

    /// <summary>Persistent absence: 10% or more of possible sessions missed, for any reason. 90.0% exactly is persistent.</summary>
    public bool IsPersistentlyAbsent => Sessions.IsPersistentlyAbsent;

    /// <summary>Severe absence: 50% or more of possible sessions missed.</summary>
    public bool IsSeverelyAbsent => Sessions.IsSeverelyAbsent;

    /// <summary>Possible and attended only, as the roll-up sums them.</summary>
    public WeekFigures Sessions => new(PossibleSessions, SessionsAttended);
}
