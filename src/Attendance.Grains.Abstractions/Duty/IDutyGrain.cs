namespace Attendance.Grains.Abstractions;

/// <summary>
/// A school's staff on duty today with notifications on (keyed by the school): the pastoral staff who go and find a
/// pupil missing from a lesson. A truancy alert reaches their phones at once, as well as the dashboard. It only
/// answers: it never waits on the outbox, which asks it for the devices while it sends.
/// </summary>
public interface IDutyGrain : IPushRecipientsGrain
{
    /// <summary>Puts a member of staff's device on duty until the time given (the same device again replaces it).</summary>
    Task GoOnDuty(StaffOnDuty staff);

    /// <summary>Who is on duty now.</summary>
    [ReadOnly]
    Task<IReadOnlyList<StaffOnDuty>> OnDuty();
}

/// <summary>A member of staff on duty: who, the device told, and until when (the end of their school day).</summary>
[GenerateSerializer, Immutable]
public sealed record StaffOnDuty(string Name, string Position, PushDevice Device, DateTimeOffset Until)
{
    /// <summary>The notification of a truancy alert to the staff on duty, opening the pupil's page (sent through the school's outbox).</summary>
    public static OutgoingMessage Notification(AttendanceAlert alert) => new(
        $"{alert.Id}-duty", alert.SchoolId, MessageKind.DutyAlert, MessageChannel.Push, "Staff on duty", "Staff on duty", alert.Upn,
        $"Possible truancy: {alert.PupilName}", alert.Summary,
        Link: $"/pupil.html?school={Uri.EscapeDataString(alert.SchoolId)}&upn={Uri.EscapeDataString(alert.Upn ?? "")}");
}
