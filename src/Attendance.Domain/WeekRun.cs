using System.Collections;

namespace Attendance.Domain;

/// <summary>
/// Each week's sessions by its Monday over a run of consecutive weeks, in one array: a year of weeks is about 400
/// bytes, where a dictionary of them cost over a kilobyte and was copied whole on every mark. Weeks with nothing
/// counted are not listed. Immutable: the roll-up keeps the figures it is sent, so a change makes a new array.
/// </summary>
public sealed class WeekRun : IReadOnlyDictionary<DateOnly, WeekFigures>
{
    public static WeekRun None { get; } = new(default, []);

    // The Monday of weeks[0].
    private readonly DateOnly first;
    private readonly WeekFigures[] weeks;

    private WeekRun(DateOnly first, WeekFigures[] weeks)
    {
        (this.first, this.weeks) = (first, weeks);
        Count = weeks.Count(w => w != default);
    }

    /// <summary>Weeks given any other way (figures read from JSON from another silo come as a plain dictionary).</summary>
    public static WeekRun From(IReadOnlyDictionary<DateOnly, WeekFigures> weeks)
    {
        if (weeks is WeekRun run)
        {
            return run;
        }

        if (weeks.Count == 0)
        {
            return None;
        }

        var first = weeks.Keys.Min();
        var counted = new WeekFigures[(weeks.Keys.Max().DayNumber - first.DayNumber) / 7 + 1];
        foreach (var (monday, week) in weeks)
        {
            counted[(monday.DayNumber - first.DayNumber) / 7] += week;
        }

        return new WeekRun(first, counted);
    }

    /// <summary>The run with <paramref name="change"/> added to the week of <paramref name="date"/>.</summary>
    public WeekRun Changed(DateOnly date, WeekFigures change)
    {
        var monday = SchoolCalendar.MondayOf(date);
        var start = weeks.Length == 0 || monday < first ? monday : first;
        var end = weeks.Length == 0 || monday > LastMonday ? monday : LastMonday;
        var changed = new WeekFigures[(end.DayNumber - start.DayNumber) / 7 + 1];
        Array.Copy(weeks, 0, changed, weeks.Length == 0 ? 0 : (first.DayNumber - start.DayNumber) / 7, weeks.Length);
        changed[(monday.DayNumber - start.DayNumber) / 7] += change;
        return new WeekRun(start, changed);
    }

    private DateOnly LastMonday => first.AddDays(7 * (weeks.Length - 1));

    /// <summary>The number of weeks with sessions counted.</summary>
    public int Count { get; }

    public WeekFigures this[DateOnly key] => TryGetValue(key, out var week) ? week : throw new KeyNotFoundException($"Nothing counted in the week of {key:yyyy-MM-dd}.");

    public IEnumerable<DateOnly> Keys => this.Select(w => w.Key);

    public IEnumerable<WeekFigures> Values => this.Select(w => w.Value);

    public bool ContainsKey(DateOnly key) => TryGetValue(key, out _);

    public bool TryGetValue(DateOnly key, out WeekFigures value)
    {
        var days = key.DayNumber - first.DayNumber;
        value = days >= 0 && days % 7 == 0 && days / 7 < weeks.Length ? weeks[days / 7] : default;
        return value != default;
    }

    public IEnumerator<KeyValuePair<DateOnly, WeekFigures>> GetEnumerator()
    {
        for (var i = 0; i < weeks.Length; i++)
        {
            if (weeks[i] != default)
            {
                yield return new(first.AddDays(7 * i), weeks[i]);
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
