namespace Attendance.Domain;

/// <summary>
/// A pupil's sessions over a period counted by national code (each session once, by its code now): what the school
/// census's termly attendance return and the local authority's returns are made of.
/// </summary>
public sealed class CodeTotals
{
    /// <summary>The sickness return: a pupil expected to miss 15 school days through illness, consecutive or cumulative.</summary>
    public const int IllnessReturnDays = 15;

    private readonly Dictionary<string, int> byCode;

    private CodeTotals(Dictionary<string, int> byCode) => this.byCode = byCode;

    /// <summary>Counts the national codes among <paramref name="codes"/>; anything else (no mark yet) is not a session to count.</summary>
    public static CodeTotals Of(IEnumerable<string?> codes)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var code in codes)
        {
            if (NationalCodes.TryGet(code, out var known))
            {
                counts[known.Code] = counts.GetValueOrDefault(known.Code) + 1;
            }
        }

        return new CodeTotals(counts);
    }

    /// <summary>Counts already made, by code (a roll-up's sum of its pupils'); codes outside the national set are left out.</summary>
    public static CodeTotals Of(IReadOnlyDictionary<string, int> counts) =>
        new(counts.Where(c => NationalCodes.TryGet(c.Key, out _)).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal));

    public int this[string code] => byCode.GetValueOrDefault(code);

    /// <summary>Sessions by code, each national code marked at least once.</summary>
    public IReadOnlyDictionary<string, int> ByCode => byCode;

    /// <summary>The figures in the register's categories; persistent and severe absence are judged on them.</summary>
    public TallySnapshot Tally => new(
        In(AttendanceCategory.Present), In(AttendanceCategory.ApprovedEducationalActivity), In(AttendanceCategory.AuthorisedAbsence),
        In(AttendanceCategory.UnauthorisedAbsence), In(AttendanceCategory.NotCounted), this["L"], this["U"], 0, 0);

    /// <summary>Illness in school days (two sessions a day).</summary>
    public decimal IllnessDays => this["I"] / 2m;

    /// <summary>Whether the illness sessions reach the sickness return's 15 days (30 sessions; 29 do not).</summary>
    public bool SicknessReturnDue => this["I"] >= IllnessReturnDays * 2;

    private int In(AttendanceCategory category) => byCode.Where(c => NationalCodes.Get(c.Key).Category == category).Sum(c => c.Value);
}
