namespace Attendance.Server.Retention;

/// <summary>How long the legal register keeps its lines (section "Register").</summary>
public sealed class RetentionOptions
{
    public const string Section = "Register";

    /// <summary>
    /// Years each line is kept from the day it was made: the School Attendance (Pupil Registration) (England)
    /// Regulations 2024, regulation 7, say at least six (the 2006 regulations said three).
    /// </summary>
    public int RetentionYears { get; set; } = 6;

    /// <summary>How often the retention job looks for lines past their time.</summary>
    public TimeSpan PurgeEvery { get; set; } = TimeSpan.FromDays(1);
}
