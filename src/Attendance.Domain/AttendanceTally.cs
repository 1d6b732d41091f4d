namespace Attendance.Domain;

/// <summary>
/// A pupil's running counts for the academic year. Each mark or amendment changes it in constant time:
/// nothing is recounted.
/// </summary>
public sealed class AttendanceTally
{
    /// <summary>The national penalty-notice threshold counts unauthorised sessions in a rolling 10 school weeks.</summary>
    public const int DefaultRollingWeeks = 10;

    private readonly int[] byCategory = new int[Enum.GetValues<AttendanceCategory>().Length];
    private readonly int[] byCode = new int[NationalCodes.All.Count];

    // Only the weeks with an unauthorised, late or after-close mark, made on the first: most pupils have a handful.
    private Dictionary<int, WeekCounts>? weeks;

    public int Late { get; private set; }

    public int ArrivedAfterRegisterClosed { get; private set; }

    /// <summary>
    /// The latest school week marked: the end of the rolling window unless another is asked for. It never moves back (a
    /// mark taken back leaves it), as the week a register is taken in is this week whatever happens to the mark.
    /// </summary>
    public int? LatestWeek { get; private set; }

    public int Count(AttendanceCategory category) => byCategory[(int)category];

    /// <summary>Sessions currently marked with <paramref name="code"/> (e.g. <c>I</c>, for health-related absence).</summary>
    public int CountOf(string code) => NationalCodes.TryGet(code, out var found) ? byCode[NationalCodes.NumberOf(found)] : 0;

    public void Add(string code, int schoolWeek) => Change(code, schoolWeek, +1);

    public void Remove(string code, int schoolWeek) => Change(code, schoolWeek, -1);

    /// <summary>Unauthorised sessions in the <paramref name="weeks"/> school weeks ending with <paramref name="currentWeek"/>.</summary>
    public int UnauthorisedInRollingWindow(int currentWeek, int weeks = DefaultRollingWeeks) => InWindow(currentWeek, weeks, w => w.Unauthorised);

    /// <summary><c>L</c> marks in the <paramref name="weeks"/> school weeks ending with <paramref name="currentWeek"/>.</summary>
    public int LateInRollingWindow(int currentWeek, int weeks) => InWindow(currentWeek, weeks, w => w.Late);

    /// <summary><c>U</c> marks in the <paramref name="weeks"/> school weeks ending with <paramref name="currentWeek"/>.</summary>
    public int AfterCloseInRollingWindow(int currentWeek, int weeks) => InWindow(currentWeek, weeks, w => w.AfterClose);

    public TallySnapshot Snapshot(int? currentWeek = null, int rollingWeeks = DefaultRollingWeeks)
    {
        var windowEnd = currentWeek ?? LatestWeek;
        return new TallySnapshot(
            Present: Count(AttendanceCategory.Present),
            ApprovedEducationalActivity: Count(AttendanceCategory.ApprovedEducationalActivity),
            AuthorisedAbsence: Count(AttendanceCategory.AuthorisedAbsence),
            UnauthorisedAbsence: Count(AttendanceCategory.UnauthorisedAbsence),
            NotCounted: Count(AttendanceCategory.NotCounted) + Count(AttendanceCategory.Administrative),
            Late: Late,
            ArrivedAfterRegisterClosed: ArrivedAfterRegisterClosed,
            RollingWindowWeeks: rollingWeeks,
            UnauthorisedInRollingWindow: windowEnd is { } end ? UnauthorisedInRollingWindow(end, rollingWeeks) : 0);
    }

    private void Change(string code, int schoolWeek, int delta)
    {
        var attendanceCode = NationalCodes.Get(code);
        byCategory[(int)attendanceCode.Category] += delta;
        byCode[NationalCodes.NumberOf(attendanceCode)] += delta;
        var week = new WeekCounts(
            attendanceCode.Category == AttendanceCategory.UnauthorisedAbsence ? delta : 0,
            attendanceCode == NationalCodes.Late ? delta : 0,
            attendanceCode == NationalCodes.ArrivedAfterRegisterClosed ? delta : 0);
        Late += week.Late;
        ArrivedAfterRegisterClosed += week.AfterClose;
        if (week != default)
        {
            weeks ??= [];
            if ((weeks[schoolWeek] = weeks.GetValueOrDefault(schoolWeek) + week) == default)
            {
                weeks.Remove(schoolWeek);
            }
        }

        if (delta > 0 && (LatestWeek is null || schoolWeek > LatestWeek))
        {
            LatestWeek = schoolWeek;
        }
    }

    private int InWindow(int currentWeek, int weeks, Func<WeekCounts, int> count)
    {
        if (this.weeks is null)
        {
            return 0;
        }

        var total = 0;
        for (var week = currentWeek - weeks + 1; week <= currentWeek; week++)
        {
            total += count(this.weeks.GetValueOrDefault(week));
        }

        return total;
    }

    /// <summary>A school week's unauthorised sessions, <c>L</c> and <c>U</c> marks.</summary>
    private readonly record struct WeekCounts(int Unauthorised, int Late, int AfterClose)
    {
        public static WeekCounts operator +(WeekCounts a, WeekCounts b) => new(a.Unauthorised + b.Unauthorised, a.Late + b.Late, a.AfterClose + b.AfterClose);
    }
}
