namespace Attendance.Grains.Abstractions;

/// <summary>Ids for records the school keeps (reports, leave requests, plans, letters): the kind, then 12 random hex digits.</summary>
public static class RecordIds
{
    public static string New(string kind) => $"{kind}-{Guid.NewGuid():N}"[..(kind.Length + 13)];
}
