namespace Attendance.Grains.Abstractions;

/// <summary>
/// A school's outbox of messages home: durable, delivered at least once through the channel's sender, retried with
/// a growing wait, and failures kept for the office to send again.
/// </summary>
public interface IMessageOutboxGrain : IGrainWithStringKey
{
    /// <summary>Queues messages; one whose id is already in the outbox changes nothing.</summary>
    Task Queue(IReadOnlyList<OutgoingMessage> messages);

    /// <summary>The school's messages, newest first: all, or about one pupil, or to one address.</summary>
    [ReadOnly]
    Task<IReadOnlyList<MessageRecord>> List(string? upn = null, string? to = null);

    /// <summary>Sends a failed message again now. A message already sent is not sent twice.</summary>
    Task<MessageRecord?> Retry(string id);

    /// <summary>
    /// Records a text service's delivery receipt for a message it was given: delivered, or failed (a permanent failure
    /// leaves it undeliverable; a temporary one, failed for the office to send again). False for a message not in
    /// the outbox, not a text, or never handed to the text service.
    /// </summary>
    Task<bool> Receipt(string id, DeliveryReceipt receipt);

    /// <summary>Sends what is due (a timer after each change, and a reminder after a restart).</summary>
    Task Deliver();
}
