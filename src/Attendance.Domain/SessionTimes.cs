namespace Attendance.Domain;

/// <summary>The AM and PM register windows of a school, a phase (EYFS, KS1, KS2) or a class.</summary>
public sealed record SessionTimes(RegisterWindow Am, RegisterWindow Pm)
{
    /// <summary>Seed 004's primary day: gates 08:40, AM register 09:00 to 09:30, PM register 13:00 to 13:30.</summary>
    public static SessionTimes PrimaryDefault { get; } = new(
        new RegisterWindow(new TimeOnly(8, 40), new TimeOnly(9, 0), new TimeOnly(9, 30)),
        new RegisterWindow(new TimeOnly(13, 0), new TimeOnly(13, 0), new TimeOnly(13, 30)));

    public RegisterWindow For(SessionPart part) => part == SessionPart.AM ? Am : Pm;

    /// <summary>An arrival before the PM register opens belongs to the AM session.</summary>
    public SessionPart SessionAt(TimeOnly time) => time < Pm.Opens ? SessionPart.AM : SessionPart.PM;

    public IEnumerable<string> Validate(string name)
    {
        foreach (var problem in Am.Validate($"{name} AM").Concat(Pm.Validate($"{name} PM")))
        {
            yield return problem;
        }

        if (Pm.Opens <= Am.Closes)
        {
            yield return $"{name}: the PM register opens at {Pm.Opens:HH\\:mm}, before the AM register closes at {Am.Closes:HH\\:mm}.";
        }
    }
}
