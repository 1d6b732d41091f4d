namespace Attendance.Grains.Abstractions;

/// <summary>
/// A school's site (keyed by the school): the office's sign-out book, who is on site now, and its emergency roll
/// calls, one at a time.
/// </summary>
public interface ISiteGrain : IGrainWithStringKey
{
    /// <summary>Signs a pupil out, coding the sessions of today they have not been registered in (answered once the codes are on the register).</summary>
    Task<Outcome<SignOutRecord>> SignOut(EarlySignOut signOut);

    /// <summary>Signs a pupil back in: the sessions their sign-out coded whose register is still open get the arrival's code, as an amendment.</summary>
    Task<Outcome<SignOutRecord>> SignIn(string upn, Domain.Staff by);

    /// <summary>The sign-outs of a day, in the order made.</summary>
    [ReadOnly]
    Task<IReadOnlyList<SignOutRecord>> SignOuts(DateOnly day);

    /// <summary>Every pupil on roll with where they are now, from today's marks, the sign-outs and lessons' truancy alerts.</summary>
    [ReadOnly]
    Task<SiteNow> Now();

    /// <summary>
    /// Starts an emergency roll call of everyone who should be on site now, or answers the one under way (a second
    /// tap, or two people at once, start one roll call).
    /// </summary>
    Task<Outcome<RollCall>> StartRollCall(Domain.Staff by);

    /// <summary>Ends the roll call under way; it is kept with who was accounted for, by whom and when.</summary>
    Task<Outcome<RollCall>> EndRollCall(string rollCallId, Domain.Staff by);

    /// <summary>The roll call under way, if any.</summary>
    [ReadOnly]
    Task<string?> CurrentRollCall();

    /// <summary>The roll calls held, latest first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> RollCalls();
}
