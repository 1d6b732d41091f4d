namespace Attendance.Grains.Alerts;

/// <summary>Alert settings (section "Alerts").</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>
    /// Evaluate each pupil against the policy on every mark. Always on in service; the benchmark turns it off to
    /// measure what evaluation costs.
    /// </summary>
    public bool EvaluateOnMark { get; set; } = true;

    /// <summary>How soon a pupil retries sending crossings to the school's inbox after a failure.</summary>
    public TimeSpan DeliveryRetry { get; set; } = TimeSpan.FromSeconds(5);
}
