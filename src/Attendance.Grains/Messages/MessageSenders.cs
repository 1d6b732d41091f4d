using Attendance.Grains.Abstractions;
using Microsoft.Extensions.Logging;

namespace Attendance.Grains;

/// <summary>Sends a message home through one channel (e-mail over SMTP, an SMS gateway). A failure throws.</summary>
public interface IMessageSender
{
    MessageChannel Channel { get; }

    Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// Writes the message to the log instead of sending it: the default for texts (no SMS gateway is configured) and for
/// e-mail until an SMTP server is. The outbox records it as sent, so the office sees what would have gone.
/// </summary>
public sealed class LoggingMessageSender(MessageChannel channel, ILogger<LoggingMessageSender> logger) : IMessageSender
{
    public MessageChannel Channel => channel;

    public Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        logger.LogInformation("{Channel} {MessageId} to {To} ({ToName}) not sent (no {Channel} sender is configured): {Subject}: {Body}",
            channel, message.Id, message.To, message.ToName, channel, message.Subject, message.Body);
        return Task.CompletedTask;
    }
}

/// <summary>Outbox settings (section "Messages").</summary>
public sealed class MessageOptions
{
    public const string Section = "Messages";

    /// <summary>Attempts before a message is left as failed for the office to send again.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait after the first failure; each further failure doubles it (up to an hour).</summary>
    public TimeSpan FirstRetry { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one attempt may take before it counts as failed.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
