using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Grains;

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

    public static FeedView From(SchoolSettings settings, Session session, bool isToday, IEnumerable<ClassRegister> registers)
    {
        var view = new FeedView { SchoolName = settings.Name, Session = session, SessionIsToday = isToday, TargetPercent = settings.TargetPercent };
        foreach (var register in registers)
        {
            view.Classes[register.ClassId] = new ClassSessionStatus(register.ClassId, register.ClassName, register.State, register.Counts);
            foreach (var line in register.Lines.Where(l => l.Mark is not null))
            {
                var mark = line.Mark!;
                var followUp = new PupilFollowUp(line.Upn, line.Name, register.ClassId, mark.Code, mark.ArrivedAt);
                if (mark.Code == NationalCodes.ReasonNotYetEstablished.Code)
                {
                    view.CallList[line.Upn] = followUp;
                }
                else if (mark.Code == NationalCodes.ArrivedAfterRegisterClosed.Code)
                {
                    view.LateAfterClose[line.Upn] = followUp;
                }

                if (mark is { Source: MarkSource.Gate, ArrivedAt: { } arrived })
                {
                    view.ArrivalMinute[line.Upn] = new TimeOnly(arrived.Hour, arrived.Minute);
                }
            }
        }

        return view;
    }
}
