using System.Globalization;

namespace Attendance.Domain;

/// <summary>The two registration sessions of a school day.</summary>
public enum SessionPart
{
    AM,
    PM,
}

/// <summary>
/// One registration session: a date and AM or PM. Statistics count sessions, not days (one day = two sessions).
/// </summary>
public readonly record struct Session(DateOnly Date, SessionPart Part) : IComparable<Session>
{
    public int CompareTo(Session other)
    {
        var byDate = Date.CompareTo(other.Date);
        return byDate != 0 ? byDate : Part.CompareTo(other.Part);
    }

    public static bool operator <(Session left, Session right) => left.CompareTo(right) < 0;
    public static bool operator >(Session left, Session right) => left.CompareTo(right) > 0;
    public static bool operator <=(Session left, Session right) => left.CompareTo(right) <= 0;
    public static bool operator >=(Session left, Session right) => left.CompareTo(right) >= 0;

    /// <summary>The form used in URLs and CSV: <c>2026-11-23-AM</c>.</summary>
    public override string ToString() => $"{Date:yyyy-MM-dd}-{Part}";

    public static bool TryParse(string? text, out Session session)
    {
        session = default;
        if (text is null || text.Length != 13 || text[10] != '-')
        {
            return false;
        }

        if (!DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || !Enum.TryParse<SessionPart>(text[11..], ignoreCase: true, out var part)
            || !Enum.IsDefined(part))
        {
            return false;
        }

        session = new Session(date, part);
        return true;
    }
}
