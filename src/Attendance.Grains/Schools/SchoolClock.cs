namespace Attendance.Grains.Schools;

/// <summary>
/// The clock the attendance rules run by (register windows, sessions, follow-up due times), registered as a keyed
/// <see cref="TimeProvider"/> so tests can set it to any school morning while Orleans itself (activation collection,
/// reminders) keeps real time.
/// </summary>
public static class SchoolClock
{
    public const string Key = "school-clock";
}
