using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Grains.Live;

/// <summary>What a school's feed holds for the session it shows.</summary>
internal sealed class FeedView
{
    public required string SchoolName { get; init; }

    public required Session Session { get; init; }

    public required bool SessionIsToday { get; init; }

    public required decimal TargetPercent { get; init; }

    public Dictionary<string, ClassSessionStatus> Classes { get; } = [];

    /// <summary>Absent with no reason yet (<c>N</c>): the first-day call list.</summary>
    public Dictionary<string, PupilFollowUp> CallList { get; } = [];

    /// <summary>Arrived after the register closed (<c>U</c>).</summary>
    public Dictionary<string, PupilFollowUp> LateAfterClose { get; } = [];

    /// <summary>The minute each pupil came through the gate.</summary>
    public Dictionary<string, TimeOnly> ArrivalMinute { get; } = [];

    public SessionCounts Totals() => SessionCounts.Sum(Classes.Values.Select(c => c.Counts));

    public SortedDictionary<TimeOnly, int> ArrivalsPerMinute() =>
        new(ArrivalMinute.Values.GroupBy(m => m).ToDictionary(g => g.Key, g => g.Count()));

    public static FeedView From(string schoolName, decimal targetPercent, Session session, bool isToday, IEnumerable<ClassRegister> registers)
    {
        var view = new FeedView { SchoolName = schoolName, Session = session, SessionIsToday = isToday, TargetPercent = targetPercent };
        foreach (var register in registers)
        {
            view.Classes[register.ClassId] = new ClassSessionStatus(register.ClassId, register.ClassName, register.State, register.Counts, register.WeekAttendancePercent);
            foreach (var line in register.Lines.Where(l => l.Mark is not null))
            {
                view.Apply(new PupilMarkChange(line.Upn, line.Name, register.ClassId, line.Mark!), changes: null);
            }
        }

        return view;
    }

    /// <summary>Puts a pupil's current mark on the lists and the arrivals chart, noting what moved in <paramref name="changes"/>.</summary>
    public void Apply(PupilMarkChange change, FeedChanges? changes)
    {
        Track(CallList, changes?.CallList, change, NationalCodes.ReasonNotYetEstablished.Code);
        Track(LateAfterClose, changes?.LateAfterClose, change, NationalCodes.ArrivedAfterRegisterClosed.Code);
        if (change.Entry is { Source: MarkSource.Gate, ArrivedAt: { } arrived })
        {
            var minute = new TimeOnly(arrived.Hour, arrived.Minute);
            if (ArrivalMinute.TryGetValue(change.Upn, out var earlier))
            {
                changes?.Minutes.Add(earlier);
            }

            ArrivalMinute[change.Upn] = minute;
            changes?.Minutes.Add(minute);
        }
    }

    private static void Track(Dictionary<string, PupilFollowUp> list, ListChanges? changes, PupilMarkChange change, string code)
    {
        if (change.Entry.Code == code)
        {
            var followUp = new PupilFollowUp(change.Upn, change.Name, change.ClassId, code, change.Entry.ArrivedAt);
            list[change.Upn] = followUp;
            if (changes is not null)
            {
                changes.Added[change.Upn] = followUp;
                changes.Removed.Remove(change.Upn);
            }
        }
        else if (list.Remove(change.Upn))
        {
            changes?.Added.Remove(change.Upn);
            changes?.Removed.Add(change.Upn);
        }
    }
}

/// <summary>Additions to and removals from one of the feed's pupil lists since the last delta.</summary>
internal sealed class ListChanges
{
    public Dictionary<string, PupilFollowUp> Added { get; } = [];

    public HashSet<string> Removed { get; } = [];
}

/// <summary>What changed in a feed's view since the last delta.</summary>
internal sealed class FeedChanges
{
    public HashSet<string> Classes { get; } = [];

    public HashSet<TimeOnly> Minutes { get; } = [];

    public ListChanges CallList { get; } = new();

    public ListChanges LateAfterClose { get; } = new();

    public bool IsEmpty => Classes.Count == 0 && Minutes.Count == 0;

    public void Clear()
    {
        Classes.Clear();
        Minutes.Clear();
        foreach (var list in new[] { CallList, LateAfterClose })
        {
            list.Added.Clear();
            list.Removed.Clear();
        }
    }
}
