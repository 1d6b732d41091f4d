namespace Attendance.Domain;

/// <summary>
/// When a session's register is taken: it opens, arrivals after <see cref="LateAfter"/> are late (<c>L</c>),
/// and after <see cref="Closes"/> the register is closed (<c>U</c>). Times are the school's local time.
/// </summary>
/// <remarks>
/// Both boundaries are inclusive, as in seed 004: "arrival after 09:00 = L, after 09:30 = U", so 09:00 is present
/// and 09:30 is late. National guidance keeps a register open for no longer than 30 minutes.
/// </remarks>
public sealed record RegisterWindow(TimeOnly Opens, TimeOnly LateAfter, TimeOnly Closes)
{
    public IEnumerable<string> Validate(string name)
    {
        if (LateAfter < Opens)
        {
            yield return $"{name}: the late time {LateAfter:HH\\:mm} is before the register opens at {Opens:HH\\:mm}.";
        }

        if (Closes < LateAfter)
        {
            yield return $"{name}: the register closes at {Closes:HH\\:mm}, before the late time {LateAfter:HH\\:mm}.";
        }
    }

    /// <summary>The arrival rule: the mark a pupil gets for arriving at <paramref name="arrival"/>.</summary>
    public AttendanceCode CodeForArrival(TimeOnly arrival, SessionPart part) =>
        arrival <= LateAfter ? NationalCodes.Present(part)
        : arrival <= Closes ? NationalCodes.Late
        : NationalCodes.ArrivedAfterRegisterClosed;
}
