namespace Attendance.Domain;

/// <summary>Why the office signs a pupil out before the end of the day.</summary>
public enum SignOutReason
{
    /// <summary>A medical or dental appointment (code <c>M</c> for the sessions missed).</summary>
    Appointment,

    /// <summary>Taken ill at school and collected (code <c>I</c>).</summary>
    Illness,

    /// <summary>Anything else: the office says which code the sessions missed get.</summary>
    Other,
}

/// <summary>Where a pupil is now, as the register and the office's sign-outs tell it.</summary>
public enum Presence
{
    /// <summary>Registered present, late or after the register closed today, and not signed out.</summary>
    OnSite,

    /// <summary>No mark yet today: perhaps here, perhaps not. A roll call looks for them.</summary>
    NotRegisteredYet,

    /// <summary>Signed out by the office and not back.</summary>
    SignedOut,

    /// <summary>Today's latest mark is an absence or an activity off site.</summary>
    NotOnSite,
}

/// <summary>
/// Who is on site, and what an early sign-out does to the day's register. A pupil registered in a session is present
/// for it even if they leave straight after (national guidance: attendance is taken at registration), so a sign-out
/// gives a code only to the sessions the pupil has not been registered in and whose register has not closed.
/// </summary>
public static class SiteRules
{
    /// <summary>
    /// The codes that put a pupil in school: present, late, and arrived after the register closed (<c>U</c> counts as an
    /// absence in the figures, but the pupil is in the building).
    /// </summary>
    public static bool IsOnSite(string code) => code is "/" or "\\" or "L" or "U";

    /// <summary>
    /// Where a pupil is, from today's latest mark (null: none yet) and the office's sign-out book: signed out and not
    /// back, or signed back in (on site, whatever the code of a session whose register closed while they were out).
    /// </summary>
    public static Presence PresenceOf(string? latestCodeToday, bool signedOut, bool signedBackIn = false) =>
        signedOut ? Presence.SignedOut
        : signedBackIn ? Presence.OnSite
        : latestCodeToday is null ? Presence.NotRegisteredYet
        : IsOnSite(latestCodeToday) ? Presence.OnSite
        : Presence.NotOnSite;

    /// <summary>Whether a roll call looks for the pupil: anyone who may be in the building.</summary>
    public static bool ShouldBeOnSite(Presence presence) => presence is Presence.OnSite or Presence.NotRegisteredYet;

    /// <summary>The code the sessions a sign-out affects get unless the office gives another; none for <see cref="SignOutReason.Other"/>.</summary>
    public static AttendanceCode? DefaultCode(SignOutReason reason) => reason switch
    {
        SignOutReason.Appointment => NationalCodes.Get("M"),
        SignOutReason.Illness => NationalCodes.Get("I"),
        _ => null,
    };

    /// <summary>
    /// Whether a sign-out may give the code: an absence with its reason known (authorised, or <c>G</c>/<c>O</c>), not
    /// <c>N</c> (the office knows why) nor <c>U</c> (an arrival's code).
    /// </summary>
    public static bool FitsSignOut(AttendanceCode code) =>
        code.Category is AttendanceCategory.AuthorisedAbsence or AttendanceCategory.UnauthorisedAbsence
        && code != NationalCodes.ReasonNotYetEstablished && code != NationalCodes.ArrivedAfterRegisterClosed;

    /// <summary>
    /// The sessions of the day a sign-out at <paramref name="leftAt"/> affects: those the pupil has no mark for yet
    /// whose register has not closed (a sign-out at the very minute it closes still counts: the boundary is inclusive,
    /// as for arrivals).
    /// </summary>
    public static IReadOnlyList<SessionPart> Affected(SessionTimes times, TimeOnly leftAt, Func<SessionPart, bool> isMarked) =>
        [.. Enum.GetValues<SessionPart>().Where(part => !isMarked(part) && leftAt <= times.For(part).Closes)];

    /// <summary>
    /// The code a session a sign-out coded gets when the pupil comes back before its register closes: the arrival rule
    /// (present, late or after close) at the time they are back; null when its register has already closed.
    /// </summary>
    public static AttendanceCode? OnReturn(SessionTimes times, SessionPart part, TimeOnly backAt) =>
        backAt <= times.For(part).Closes ? times.For(part).CodeForArrival(backAt, part) : null;
}
