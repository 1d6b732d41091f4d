using MailKit.Security;

namespace Attendance.Server.Messages;

/// <summary>The SMTP server messages home go through (section "Messages:Smtp"); none configured, e-mails are only logged.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Messages:Smtp";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>Auto (STARTTLS when offered), StartTls (required), SslOnConnect (port 465) or None.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender's address, e.g. attendance@school.example.</summary>
    public string From { get; set; } = "attendance@localhost";

    public string FromName { get; set; } = "School attendance";
}
