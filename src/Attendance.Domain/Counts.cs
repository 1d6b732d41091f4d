namespace Attendance.Domain;

/// <summary>Checks shared by the policy's settings.</summary>
internal static class Counts
{
    /// <summary>A problem for each count below 1: "{lead} {name} must be at least 1 (got {value})."</summary>
    public static IEnumerable<string> AtLeastOne(string lead, params (string Name, int Value)[] counts) =>
        counts.Where(c => c.Value <= 0).Select(c => $"{lead} {c.Name} must be at least 1 (got {c.Value}).");
}
