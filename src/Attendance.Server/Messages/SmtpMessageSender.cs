using Attendance.Grains.Abstractions;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Attendance.Grains.Messages;

namespace Attendance.Server.Messages;

/// <summary>
/// Sends e-mail through the trust's SMTP server with MailKit. The message's id is its Message-ID, so a mail system
/// that received it before a retry can tell it is the same message.
/// </summary>
public sealed class SmtpMessageSender(IOptions<SmtpOptions> options) : IMessageSender
{
    public MessageChannel Channel => MessageChannel.Email;

    public async Task<SendOutcome> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        var body = new BodyBuilder { TextBody = message.Body };
        foreach (var attachment in message.Attachments ?? [])
        {
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        }

        var mail = new MimeMessage
        {
            MessageId = $"{message.Id}.{message.SchoolId}@attendance",
            Subject = message.Subject,
            Body = body.ToMessageBody(),
        };
        mail.From.Add(new MailboxAddress(smtp.FromName, smtp.From));
        mail.To.Add(new MailboxAddress(message.ToName, message.To));

        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.Security, cancellationToken);
        if (smtp.UserName is { Length: > 0 } user)
        {
            await client.AuthenticateAsync(user, smtp.Password ?? "", cancellationToken);
        }

        await client.SendAsync(mail, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        return SendOutcome.Sent;
    }
}
