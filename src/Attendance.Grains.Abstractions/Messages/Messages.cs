namespace Attendance.Grains.Abstractions;

public enum MessageChannel
{
    Email,
    Sms,
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
}

/// <summary>
/// A message home. <see cref="Id"/> is made from what it is about (e.g. the first-day message for a pupil and a
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
    IReadOnlyList<MessageAttachment>? Attachments = null);

/// <summary>A file sent with an e-mail, e.g. a letter as PDF.</summary>
[GenerateSerializer, Immutable]
public sealed record MessageAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>A message and its delivery: attempts, the last error, when it was sent.</summary>
[GenerateSerializer, Immutable]
public sealed record MessageRecord(
    OutgoingMessage Message,
    DateTimeOffset QueuedAt,
    MessageStatus Status,
    int Attempts,
    DateTimeOffset? NextAttempt,
    DateTimeOffset? SentAt,
    string? LastError);
