namespace Attendance.Server.Storage;

/// <summary>
/// The silo's journal writer (section "Attendance:Journal"): how it groups pupils' appends into commits, and how
/// many it lets wait before it refuses more.
/// </summary>
public sealed class JournalOptions
{
    public const string Section = "Attendance:Journal";

    /// <summary>Commits in flight at once, each on its own connection. While they run, new appends gather for the next.</summary>
    public int Writers { get; set; } = 2;

    /// <summary>The most appends one commit takes (a school's morning rush is a few hundred at a time).</summary>
    public int MaxBatch { get; set; } = 500;

    /// <summary>How long a writer waits after the first append for others to join it. Zero: commits go as soon as a writer is free.</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.Zero;

    /// <summary>Appends that may wait for a writer. Beyond it a mark is refused at once (503) rather than left to wait.</summary>
    public int QueueLimit { get; set; } = 5_000;

    /// <summary>What a refused caller is told to wait before sending again.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(2);
}
