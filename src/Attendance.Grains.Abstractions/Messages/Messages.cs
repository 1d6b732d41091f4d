namespace Attendance.Grains.Abstractions;

public enum MessageChannel
{
    Email,
    Sms,

    /// <summary>A notification to each phone or computer on which the parent turned notifications on (Web Push).</summary>
    Push,
}

public enum MessageKind
{
    /// <summary>To the priority contact of a pupil still <c>N</c> when the register closed.</summary>
    FirstDay,

    /// <summary>The office's answer to a parent's absence report.</summary>
    ReportDecision,

    /// <summary>The headteacher's decision on a leave request.</summary>
    LeaveDecision,

    /// <summary>A letter home (as a PDF attachment).</summary>
    Letter,

    /// <summary>A truancy alert, as a notification to the devices of the staff on duty at the school (not home).</summary>
    DutyAlert,

    /// <summary>The office's message to the families on a list (a text, or an e-mail where the family has an address).</summary>
    ListMessage,
}

public enum MessageStatus
{
    /// <summary>Waiting to be sent (again, after a failure, at <see cref="MessageRecord.NextAttempt"/>).</summary>
    Queued,

    Sent,

    /// <summary>Every attempt failed: the office sees it and can send it again.</summary>
    Failed,

    /// <summary>Nothing was sent: no sender is configured for its channel (the office can send it again once one is).</summary>
    NotSent,

    /// <summary>The text service's delivery receipt says it reached the phone.</summary>
    Delivered,

    /// <summary>
    /// It can never arrive as addressed (not a mobile number, a number no longer in use, no device with notifications
    /// on): sending again would not help; the contact details need correcting.
    /// </summary>
    Undeliverable,
}

/// <summary>What a text service's delivery receipt says became of a message it accepted.</summary>
public enum DeliveryResult
{
    Delivered,

    /// <summary>The number does not exist or is not a mobile: <see cref="MessageStatus.Undeliverable"/>.</summary>
    PermanentFailure,

    /// <summary>The phone was off or out of signal until the service gave up: it can be sent again.</summary>
    TemporaryFailure,

    /// <summary>The service's own fault: it can be sent again.</summary>
    TechnicalFailure,
}

/// <summary>A delivery receipt for one message, as the text service reported it.</summary>
[GenerateSerializer, Immutable]
public sealed record DeliveryReceipt(DeliveryResult Result, DateTimeOffset At);

/// <summary>
/// A message home. <see cref="To"/> is an e-mail address, a phone number, or for <see cref="MessageChannel.Push"/>
/// the parent's account (their e-mail address), whose devices it goes to; <see cref="Link"/> is the page a
/// notification opens. <see cref="Id"/> is made from what it is about (e.g. the first-day message for a pupil and a
/// session), so the same message queued twice is sent once; it is also the e-mail's Message-ID.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record OutgoingMessage(
    string Id,
    string SchoolId,
    MessageKind Kind,
    MessageChannel Channel,
    string To,
    string ToName,
    string? Upn,
    string Subject,
    string Body,
    IReadOnlyList<MessageAttachment>? Attachments = null,
    string? Link = null);

/// <summary>A file sent with an e-mail, e.g. a letter as PDF.</summary>
[GenerateSerializer, Immutable]
public sealed record MessageAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>A message and its delivery: attempts, the last error, when it was sent and, where a receipt came, delivered.</summary>
[GenerateSerializer, Immutable]
public sealed record MessageRecord(
    OutgoingMessage Message,
    DateTimeOffset QueuedAt,
    MessageStatus Status,
    int Attempts,
    DateTimeOffset? NextAttempt,
    DateTimeOffset? SentAt,
    string? LastError,
    DateTimeOffset? DeliveredAt = null);
