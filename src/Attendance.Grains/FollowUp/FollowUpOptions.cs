namespace Attendance.Grains.FollowUp;

/// <summary>Follow-up settings (section "FollowUp").</summary>
public sealed class FollowUpOptions
{
    public const string Section = "FollowUp";

    /// <summary>
    /// How often a school's follow-up and a provision's arrivals are checked: the period of their Orleans reminder,
    /// which survives restarts (at least Orleans' minimum reminder period, one minute by default).
    /// </summary>
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromMinutes(1);
}
