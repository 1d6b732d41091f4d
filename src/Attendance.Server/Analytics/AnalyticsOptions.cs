namespace Attendance.Server.Analytics;

/// <summary>Settings for the analytics pages (section "Analytics").</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "Analytics";

    /// <summary>The smallest group whose figures are shown to readers outside the school (trust leaders): smaller ones could identify a pupil.</summary>
    public int MinimumGroupSize { get; set; } = 5;
}
