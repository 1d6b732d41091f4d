namespace Attendance.Server.Returns;

/// <summary>A date range asked for in a query (from, to), as exports and returns take it.</summary>
public static class DateRange
{
    /// <summary>Both dates given, from not after to, and at most <paramref name="maxDays"/> days.</summary>
    public static bool TryRead(DateOnly? from, DateOnly? to, int maxDays, out DateOnly first, out DateOnly last)
    {
        (first, last) = (from ?? default, to ?? default);
        return from is not null && to is not null && last >= first && last.DayNumber - first.DayNumber < maxDays;
    }
}
