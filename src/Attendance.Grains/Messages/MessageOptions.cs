namespace Attendance.Grains.Messages;

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
