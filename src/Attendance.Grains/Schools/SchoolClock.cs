namespace Attendance.Grains.Schools;

/// <summary>
/// The clock the attendance rules run by (register windows, sessions, follow-up due times), registered as a keyed
/// <see cref="TimeProvider"/> so tests can set it to any school morning while Orleans itself (activation collection,
/// reminders) keeps real time.
/// </summary>
public static class SchoolClock
{
    public const string Key = "school-clock";

    /// <summary>A clock that reads <paramref name="start"/> now and runs at real speed from then: a benchmark's school morning.</summary>
    public static TimeProvider StartingAt(DateTimeOffset start) => new Shifted(start - TimeProvider.System.GetUtcNow());

    private sealed class Shifted(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + offset;
    }
}
