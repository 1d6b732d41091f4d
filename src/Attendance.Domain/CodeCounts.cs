using System.Collections;

namespace Attendance.Domain;

/// <summary>
/// Sessions by national code, counted in an array by each code's place in the national table: what a pupil's
/// figures keep for a school year (about 150 bytes, where a dictionary of the same counts cost about 600). Immutable:
/// the roll-up keeps the figures it is sent, so a change makes a new array.
/// </summary>
public sealed class CodeCounts : IReadOnlyDictionary<string, int>
{
    public static CodeCounts None { get; } = new(new int[NationalCodes.All.Count]);

    private readonly int[] counts;

    private CodeCounts(int[] counts)
    {
        this.counts = counts;
        Count = counts.Count(n => n != 0);
    }

    /// <summary>Counts by each code's place in the national table, as a register is counted in one pass.</summary>
    internal static CodeCounts Of(int[] counts) => new(counts);

    /// <summary>Counts given any other way (figures read from JSON from another silo come as a plain dictionary).</summary>
    public static CodeCounts From(IReadOnlyDictionary<string, int>? codes)
    {
        if (codes is null or CodeCounts)
        {
            return codes as CodeCounts ?? None;
        }

        var counts = new int[NationalCodes.All.Count];
        foreach (var (code, count) in codes)
        {
            counts[NationalCodes.NumberOf(NationalCodes.Get(code))] += count;
        }

        return new CodeCounts(counts);
    }

    /// <summary>The counts after a session's code changed from <paramref name="before"/> (null: unmarked) to <paramref name="after"/> (null: none).</summary>
    public CodeCounts Changed(AttendanceCode? before, AttendanceCode? after)
    {
        var changed = (int[])counts.Clone();
        if (before is not null)
        {
            changed[NationalCodes.NumberOf(before)]--;
        }

        if (after is not null)
        {
            changed[NationalCodes.NumberOf(after)]++;
        }

        return new CodeCounts(changed);
    }

    /// <summary>The number of codes with sessions.</summary>
    public int Count { get; }

    public int this[string key] => TryGetValue(key, out var count) ? count : throw new KeyNotFoundException($"No sessions coded '{key}'.");

    public IEnumerable<string> Keys => this.Select(c => c.Key);

    public IEnumerable<int> Values => this.Select(c => c.Value);

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, out int value)
    {
        value = NationalCodes.TryGet(key, out var code) && code.Code == key ? counts[NationalCodes.NumberOf(code)] : 0;
        return value != 0;
    }

    public IEnumerator<KeyValuePair<string, int>> GetEnumerator()
    {
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] != 0)
            {
                yield return new(NationalCodes.All[i].Code, counts[i]);
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
