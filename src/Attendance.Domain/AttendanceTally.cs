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
    private readonly Dictionary<int, int> unauthorisedByWeek = [];
    private readonly Dictionary<int, int> lateByWeek = [];
    private readonly Dictionary<int, int> afterCloseByWeek = [];
    private readonly Dictionary<AttendanceCode, int> byCode = [];

    public int Late { get; private set; }

    public int ArrivedAfterRegisterClosed { get; private set; }

    /// <summary>The latest school week with a mark: the end of the rolling window unless another is asked for.</summary>
    public int? LatestWeek { get; private set; }

    public int Count(AttendanceCategory category) => byCategory[(int)category];

    /// <summary>Sessions currently marked with <paramref name="code"/> (e.g. <c>I</c>, for health-related absence).</summary>
    public int CountOf(string code) => NationalCodes.TryGet(code, out var found) ? byCode.GetValueOrDefault(found) : 0;

    public void Add(string code, int schoolWeek) => Change(code, schoolWeek, +1);

    public void Remove(string code, int schoolWeek) => Change(code, schoolWeek, -1);

    /// <summary>Unauthorised sessions in the <paramref name="weeks"/> school weeks ending with <paramref name="currentWeek"/>.</summary>
    public int UnauthorisedInRollingWindow(int currentWeek, int weeks = DefaultRollingWeeks) => InWindow(unauthorisedByWeek, currentWeek, weeks);

    /// <summary><c>L</c> marks in the <paramref name="weeks"/> school weeks ending with <paramref name="currentWeek"/>.</summary>
    public int LateInRollingWindow(int currentWeek, int weeks) => InWindow(lateByWeek, currentWeek, weeks);

    /// <summary><c>U</c> marks in the <paramref name="weeks"/> school weeks ending with <paramref name="currentWeek"/>.</summary>
    public int AfterCloseInRollingWindow(int currentWeek, int weeks) => InWindow(afterCloseByWeek, currentWeek, weeks);

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
        byCode[attendanceCode] = byCode.GetValueOrDefault(attendanceCode) + delta;
        if (attendanceCode == NationalCodes.Late)
        {
            Late += delta;
            Count(lateByWeek, schoolWeek, delta);
        }
        else if (attendanceCode == NationalCodes.ArrivedAfterRegisterClosed)
        {
            ArrivedAfterRegisterClosed += delta;
            Count(afterCloseByWeek, schoolWeek, delta);
        }

        if (attendanceCode.Category == AttendanceCategory.UnauthorisedAbsence)
        {
            Count(unauthorisedByWeek, schoolWeek, delta);
        }

        if (delta > 0 && (LatestWeek is null || schoolWeek > LatestWeek))
        {
            LatestWeek = schoolWeek;
        }
    }

    private static void Count(Dictionary<int, int> byWeek, int week, int delta) => byWeek[week] = byWeek.GetValueOrDefault(week) + delta;

    private static int InWindow(Dictionary<int, int> byWeek, int currentWeek, int weeks)
    {
        var total = 0;
        for (var week = currentWeek - weeks + 1; week <= currentWeek; week++)
        {
            total += byWeek.GetValueOrDefault(week);
        }

        return total;
    }
}
