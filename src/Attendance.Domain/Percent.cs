namespace Attendance.Domain;

/// <summary>How attendance percentages are shown: one decimal place, halves rounded up (89.95 → 90.0).</summary>
public static class Percent
{
    /// <summary>Null when there is nothing to divide by (no possible sessions yet).</summary>
    public static decimal? Of(int part, int whole) =>
        whole == 0 ? null : Of((decimal)part, whole);

    /// <summary>For parts that may be fractions of a session (a projection).</summary>
    public static decimal Of(decimal part, decimal whole) => Math.Round(part * 100m / whole, 1, MidpointRounding.AwayFromZero);
}
