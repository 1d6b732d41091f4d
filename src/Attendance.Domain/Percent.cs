namespace Attendance.Domain;

/// <summary>How attendance percentages are shown: one decimal place, halves rounded up (89.95 → 90.0).</summary>
internal static class Percent
{
    /// <summary>Null when there is nothing to divide by (no possible sessions yet).</summary>
    public static decimal? Of(int part, int whole) =>
        whole == 0 ? null : Math.Round(part * 100m / whole, 1, MidpointRounding.AwayFromZero);
}
