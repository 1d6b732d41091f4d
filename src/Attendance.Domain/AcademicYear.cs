namespace Attendance.Domain;

/// <summary>
/// The DfE's academic year, 1 August to 31 July, named by the year it starts in (2026 for 2026/27). Every figure a
/// school acts on is per academic year (attendance, bands, stages, persistent and severe absence, the returns); the
/// rolling windows (the penalty-notice threshold's school weeks, lateness) span years, since the summer holiday has no
/// school weeks.
/// </summary>
public readonly record struct AcademicYear(int StartYear) : IComparable<AcademicYear>
{
    public static AcademicYear Of(DateOnly day) => new(day.Month >= 8 ? day.Year : day.Year - 1);

    /// <summary>1 August.</summary>
    public DateOnly First => new(StartYear, 8, 1);

    /// <summary>31 July.</summary>
    public DateOnly Last => new(StartYear + 1, 7, 31);

    public AcademicYear Previous => new(StartYear - 1);

    public AcademicYear Next => new(StartYear + 1);

    public bool Contains(DateOnly day) => First <= day && day <= Last;

    public int CompareTo(AcademicYear other) => StartYear.CompareTo(other.StartYear);

    public static bool operator <(AcademicYear a, AcademicYear b) => a.StartYear < b.StartYear;

    public static bool operator >(AcademicYear a, AcademicYear b) => a.StartYear > b.StartYear;

    public static bool operator <=(AcademicYear a, AcademicYear b) => a.StartYear <= b.StartYear;

    public static bool operator >=(AcademicYear a, AcademicYear b) => a.StartYear >= b.StartYear;

    /// <summary>As schools write it: 2026/27.</summary>
    public override string ToString() => $"{StartYear}/{(StartYear + 1) % 100:00}";

    /// <summary>Reads "2026/27" or "2026".</summary>
    public static bool TryParse(string? text, out AcademicYear year)
    {
        year = default;
        var start = text?.Split('/')[0];
        if (start is not { Length: 4 } || !int.TryParse(start, out var startYear) || startYear is < 2000 or > 2099)
        {
            return false;
        }

        year = new AcademicYear(startYear);
        return text!.Length == 4 || text == year.ToString();
    }
}
