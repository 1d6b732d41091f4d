using Attendance.Grains.Abstractions;

namespace Attendance.Server.Live;

/// <summary>One class's share of a school's snapshot or delta (the sequence is kept, so gaps are still detected).</summary>
public static class DashboardFilter
{
    public static DashboardSnapshot ForClass(DashboardSnapshot snapshot, string classId)
    {
        var classes = snapshot.Classes.Where(c => c.ClassId == classId).ToList();
        return snapshot with
        {
            Classes = classes,
            Totals = Domain.SessionCounts.Sum(classes.Select(c => c.Counts)),
            Arrivals = [],
            CallList = [.. snapshot.CallList.Where(p => p.ClassId == classId)],
            LateAfterClose = [.. snapshot.LateAfterClose.Where(p => p.ClassId == classId)],
        };
    }

    public static DashboardDelta ForClass(DashboardDelta delta, string classId) => delta with
    {
        Classes = [.. delta.Classes.Where(c => c.ClassId == classId)],
        Totals = delta.Classes.FirstOrDefault(c => c.ClassId == classId)?.Counts ?? Domain.SessionCounts.Empty,
        Arrivals = [],
        CallListAdded = [.. delta.CallListAdded.Where(p => p.ClassId == classId)],
        LateAfterCloseAdded = [.. delta.LateAfterCloseAdded.Where(p => p.ClassId == classId)],
    };
}
