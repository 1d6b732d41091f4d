namespace Attendance.Server.Hosting;

/// <summary>Limits on what a client may send (section "Limits").</summary>
public sealed class LimitOptions
{
    public const string Section = "Limits";

    /// <summary>The largest request body (a register of a few hundred pupils is a few tens of kilobytes).</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest roster import (a 2,000-pupil MIS export with contacts is about 1 MB).</summary>
    public long MaxRosterBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>The largest historic-marks file (a whole school's year is about 300,000 rows, 10 MB).</summary>
    public long MaxHistoryBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>The largest file a parent may send as evidence (a phone's photo of an appointment card is 2 to 4 MB).</summary>
    public long MaxEvidenceBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Gate arrivals a school may send per second, sustained (a 1,000-pupil school's peak is about 20).</summary>
    public int GateArrivalsPerSecond { get; set; } = 50;

    /// <summary>Arrivals a school may send at once above the sustained rate (a queue of readers catching up).</summary>
    public int GateBurst { get; set; } = 200;
}
