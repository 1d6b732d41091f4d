namespace Attendance.Server.Hosting;

/// <summary>How many marking requests a silo works on at once, and how long others may wait (section "Attendance:LoadShedding").</summary>
public sealed class LoadSheddingOptions
{
    public const string Section = "Attendance:LoadShedding";

    /// <summary>The section's name before it was renamed: still read, the new one taking precedence.</summary>
    public const string FormerSection = "Attendance:Admission";

    /// <summary>Off: every marking request is taken and waits its turn however long the queue (what the storm measured before).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Marking requests (registers, marks, amendments, arrivals) the silo works on at once. More than the silo's
    /// cores can keep busy only lengthens each request: the storm sustains its highest rate at about 16-64.
    /// </summary>
    public int InFlight { get; set; } = 32;

    /// <summary>The longest a request waits for its turn before it is refused; this bounds an acknowledgement's wait.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Requests that may wait at once; beyond it a request is refused without waiting.</summary>
    public int QueueLimit { get; set; } = 2_000;

    /// <summary>What a refused client is told to wait before sending again (the register page and the gate do).</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);
}
