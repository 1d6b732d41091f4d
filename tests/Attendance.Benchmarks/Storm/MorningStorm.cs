using Attendance.Domain;

namespace Attendance.Benchmarks.Storm;

/// <summary>One request of the storm: a pupil arriving at the gate, or a class's register (a mark for each pupil not yet marked).</summary>
internal sealed record StormEvent(TimeSpan At, int School, string ClassId, IReadOnlyList<(string Upn, string Code)> Marks, DateTimeOffset? ArrivedAt)
{
    public bool IsArrival => ArrivedAt is not null;
}

/// <summary>
/// A trust's morning: S schools of P pupils in classes of 30. Across the register window (08:40 to 09:30 by
/// default, the AM session's) 85% of pupils come through the gate, most in the first twenty minutes (a normal
/// curve peaking just before the late time, with a tail of late arrivals); each teacher submits the class register
/// at a random moment between a quarter and most of the way through the window, marking present the pupils who came
/// in without passing the gate and giving the absent their codes. Every pupil gets exactly one mark. Time is
/// compressed: the window's length divided by <c>compress</c> is the run's length. Same seed, same storm. Without
/// the gate (<c>throughGate</c> false) the registers mark everyone, so the register's own cost per mark can be measured.
/// </summary>
internal static class MorningStorm
{
    /// <summary>
    /// The school clock of a storm's servers: the register's opening time on the last weekday before today (inside
    /// the generated schools' term), running on from when the server starts. On the real clock an evening run sent
    /// every arrival down the "after the register closed" path.
    /// </summary>
    public static DateTimeOffset ClockStart { get; } = Testing.GeneratedSchool.At(
        new Session(LastWeekdayBefore(DateOnly.FromDateTime(DateTime.UtcNow)), SessionPart.AM), SessionTimes.PrimaryDefault.For(SessionPart.AM).Opens);

    private static DateOnly LastWeekdayBefore(DateOnly day)
    {
        do
        {
            day = day.AddDays(-1);
        }
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
        return day;
    }

    public static IReadOnlyList<StormEvent> Generate(int schools, int pupils, Session session, double compress, bool throughGate = true, int seed = 20261123)
    {
        var random = new Random(seed);
        var window = SessionTimes.PrimaryDefault.For(session.Part);
        var length = window.Closes - window.Opens;
        var present = session.Part == SessionPart.AM ? "/" : "\\";
        var events = new List<StormEvent>();
        for (var school = 0; school < schools; school++)
        {
            foreach (var classPupils in Enumerable.Range(0, pupils).GroupBy(Testing.GeneratedSchool.ClassOf))
            {
                var registerAt = length * (0.25 + 0.6 * random.NextDouble());
                var registerMarks = new List<(string, string)>();
                foreach (var pupil in classPupils)
                {
                    var upn = Testing.GeneratedSchool.Upn(school, pupil);
                    if (random.NextDouble() >= 0.85)
                    {
                        registerMarks.Add((upn, AbsenceCode(random)));
                        continue;
                    }

                    var arrival = length * Math.Clamp(0.3 + 0.18 * Normal(random), 0, 0.98);
                    if (throughGate && arrival < registerAt)
                    {
                        events.Add(new StormEvent(arrival / compress, school, classPupils.Key, [(upn, "")], Testing.GeneratedSchool.At(session, window.Opens.Add(arrival))));
                    }
                    else
                    {
                        registerMarks.Add((upn, present)); // in class before the register, through another door
                    }
                }

                events.Add(new StormEvent(registerAt / compress, school, classPupils.Key, registerMarks, null));
            }
        }

        return [.. events.OrderBy(e => e.At)];
    }

    private static string AbsenceCode(Random random) => random.NextDouble() switch
    {
        < 0.5 => "N",
        < 0.8 => "I",
        < 0.9 => "M",
        _ => "O",
    };

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
