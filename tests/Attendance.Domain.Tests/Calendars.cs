using Attendance.Domain;

namespace Attendance.Domain.Tests;

/// <summary>Autumn 2026: first half-term from Thursday 3 September, half-term week 26-30 October, INSET day 2 November.</summary>
internal static class Calendars
{
    public static readonly DateOnly InsetDay = new(2026, 11, 2);

    public static SchoolCalendar Autumn2026 { get; } = new(
        [
            new Term("Autumn 1", new DateOnly(2026, 9, 3), new DateOnly(2026, 10, 23)),
            new Term("Autumn 2", new DateOnly(2026, 11, 2), new DateOnly(2026, 12, 18)),
        ],
        [InsetDay],
        [new Session(new DateOnly(2026, 12, 18), SessionPart.PM)]);

    public static Session Am(int month, int day) => new(new DateOnly(2026, month, day), SessionPart.AM);

    public static Session Pm(int month, int day) => new(new DateOnly(2026, month, day), SessionPart.PM);
}
