using Attendance.Grains.Abstractions;
using Microsoft.Extensions.Logging;

namespace Attendance.Grains.Messages;

/// <summary>What became of a message a sender was given.</summary>
public enum SendOutcome
{
    /// <summary>Handed to the mail server or the gateway.</summary>
    Sent,

    /// <summary>Not sent: no sender is configured for the channel.</summary>
    NotSent,
}

/// <summary>
/// Sends a message home through one channel (e-mail over SMTP, texts through GOV.UK Notify, Web Push). A failure
/// throws: <see cref="MessageRefusedException"/> when sending again cannot help, any other exception to be retried.
/// </summary>
public interface IMessageSender
{
    MessageChannel Channel { get; }

    Task<SendOutcome> SendAsync(OutgoingMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// The service refused the message for good (not a mobile number; no device with notifications on): the outbox
/// leaves it undeliverable, with this message for the office, and does not try again.
/// </summary>
public sealed class MessageRefusedException(string message) : Exception(message);

/// <summary>
/// Where no sender is configured for a channel (texts, and e-mail until an SMTP server is): nothing goes home, the
/// outbox records the message as not sent for the office to see, and the log says so with the message's id and kind
/// only. Never the address, number, name or words: the log is not a place for families' details.
/// </summary>
public sealed class LoggingMessageSender(MessageChannel channel, ILogger<LoggingMessageSender> logger) : IMessageSender
{
    public MessageChannel Channel => channel;

    public Task<SendOutcome> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        logger.LogWarning("{Channel} message {MessageId} ({Kind}) was not sent: no {Channel} sender is configured", channel, message.Id, message.Kind, channel);
        return Task.FromResult(SendOutcome.NotSent);
    }
}

