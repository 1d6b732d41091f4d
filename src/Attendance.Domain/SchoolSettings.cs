namespace Attendance.Domain;

/// <summary>
/// A school's own settings: its calendar and register windows (which can differ by phase, e.g. EYFS, KS1, KS2 in
/// seed 004) and its time zone. The attendance target belongs to the attendance policy.
/// </summary>
/// <param name="Urn">The school's unique reference number (six digits), which statutory extracts carry.</param>
/// <param name="LaEstab">The local authority's code and the school's establishment number together (seven digits, e.g. 9372001).</param>
public sealed record SchoolSettings(
    string Name,
    SchoolCalendar Calendar,
    SessionTimes SessionTimes,
    IReadOnlyDictionary<string, SessionTimes>? PhaseSessionTimes = null,
    string TimeZone = SchoolSettings.EnglandTimeZone,
    string? Urn = null,
    string? LaEstab = null)
{
    public const string EnglandTimeZone = "Europe/London";

    public SessionTimes TimesFor(string? phase) =>
        phase is not null && PhaseSessionTimes?.TryGetValue(phase, out var times) == true ? times : SessionTimes;

    /// <summary>When the last register of a session closes, across phases: from then on the whole school is marked.</summary>
    public TimeOnly LastClose(SessionPart part) =>
        (PhaseSessionTimes?.Values ?? []).Append(SessionTimes).Max(times => times.For(part).Closes);

    /// <summary>The school's wall-clock time at an instant: register windows are set in local time.</summary>
    public DateTime LocalTime(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(TimeZone)).DateTime;

    /// <summary>The instant of a wall-clock time at the school.</summary>
    public DateTimeOffset InstantOf(DateTime local) => InstantOf(local, TimeZone);

    /// <summary>The school's next midnight after an instant: when a day's duty ends.</summary>
    public DateTimeOffset EndOfDay(DateTimeOffset instant) => InstantOf(LocalTime(instant).Date.AddDays(1));

    /// <summary>The instant of a wall-clock time in a time zone.</summary>
    public static DateTimeOffset InstantOf(DateTime local, string timeZone) =>
        new(local, TimeZoneInfo.FindSystemTimeZoneById(timeZone).GetUtcOffset(local));

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            yield return "The school needs a name.";
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return $"'{TimeZone}' is not a known time zone (use an IANA name such as {EnglandTimeZone}).";
        }

        if (Urn is not null && (Urn.Length != 6 || !Urn.All(char.IsAsciiDigit)))
        {
            yield return $"The URN '{Urn}' is not a school's unique reference number (six digits).";
        }

        if (LaEstab is not null && (LaEstab.Length != 7 || !LaEstab.All(char.IsAsciiDigit)))
        {
            yield return $"The LAESTAB '{LaEstab}' is not a local authority code and establishment number (seven digits, e.g. 9372001).";
        }

        var problems = Calendar.Validate().Concat(SessionTimes.Validate("School day"));
        foreach (var (phase, times) in PhaseSessionTimes ?? new Dictionary<string, SessionTimes>())
        {
            problems = problems.Concat(times.Validate($"Phase '{phase}'"));
        }

        foreach (var problem in problems)
        {
            yield return problem;
        }
    }
}
