namespace Attendance.Grains.Abstractions;

/// <summary>
/// A school's staff on duty today with notifications on (keyed by the school): the pastoral staff who go and find a
/// pupil missing from a lesson. A truancy alert reaches their phones at once, as well as the dashboard.
/// </summary>
public interface IDutyGrain : IPushRecipientsGrain
{
    /// <summary>Puts a member of staff's device on duty until the time given (the same device again replaces it).</summary>
    Task GoOnDuty(StaffOnDuty staff);

    /// <summary>Who is on duty now.</summary>
    [ReadOnly]
    Task<IReadOnlyList<StaffOnDuty>> OnDuty();

    /// <summary>Tells the staff on duty of an alert, by notification (nothing when no one is on duty).</summary>
    [OneWay]
    Task Tell(AttendanceAlert alert);
}

/// <summary>A member of staff on duty: who, the device told, and until when (the end of their school day).</summary>
[GenerateSerializer, Immutable]
public sealed record StaffOnDuty(string Name, string Position, PushDevice Device, DateTimeOffset Until);
