namespace Attendance.Testing;

/// <summary>A clock the tests set to any moment, forwards or back (school mornings are replayed in any order).</summary>
public sealed class SettableClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
