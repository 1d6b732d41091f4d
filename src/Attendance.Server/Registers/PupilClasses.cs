using System.Collections.Concurrent;
using Attendance.Grains.Abstractions;

namespace Attendance.Server.Registers;

/// <summary>
/// Which class each pupil is in, per school, as this server last read the school's roll: a single mark goes straight
/// to the class, and a gate arrival straight to the pupil once the school is known to have them, with no grain call
/// first. The whole roll is read at once (one call per school, not one per pupil: a morning marks each pupil once,
/// so a per-pupil cache would never hit), and read again when a pupil is not in it or their class no longer has them
/// (a roster change); everyone who missed on the same read shares the next one. Access checks never use this: they
/// ask the school.
/// </summary>
public sealed class PupilClasses(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyDictionary<string, string>>>> rolls = new();

    /// <summary>Whether the school has (or had) the pupil: no grain call unless the pupil is new to this server's copy.</summary>
    public async Task<bool> Knows(string schoolId, string upn)
    {
        var (read, roll) = await Current(schoolId);
        return roll.ContainsKey(upn) || (await ReadAgain(schoolId, read)).ContainsKey(upn);
    }

    /// <summary>Sends <paramref name="action"/> to the pupil's class; null when the school has no such pupil.</summary>
    public async Task<Outcome<Marked>?> Send(string schoolId, string upn, Func<IClassGrain, Task<Outcome<Marked>>> action)
    {
        var (read, roll) = await Current(schoolId);
        if (roll.TryGetValue(upn, out var classId))
        {
            var result = await action(grains.GetClass(schoolId, classId));
            if (result.Rejection?.Reason is not (RejectionReason.PupilNotInClass or RejectionReason.UnknownClass))
            {
                return result;
            }
        }

        return (await ReadAgain(schoolId, read)).TryGetValue(upn, out var current) ? await action(grains.GetClass(schoolId, current)) : null;
    }

    private async Task<(Lazy<Task<IReadOnlyDictionary<string, string>>> Read, IReadOnlyDictionary<string, string> Roll)> Current(string schoolId)
    {
        var read = rolls.GetOrAdd(schoolId, id => Reading(id));
        return (read, await Await(schoolId, read));
    }

    /// <summary>Replaces the read a caller missed on with a new one, unless someone already did: then that one is shared.</summary>
    private Task<IReadOnlyDictionary<string, string>> ReadAgain(string schoolId, Lazy<Task<IReadOnlyDictionary<string, string>>> missed)
    {
        var fresh = Reading(schoolId);
        var read = rolls.TryUpdate(schoolId, fresh, missed) ? fresh : rolls.GetOrAdd(schoolId, fresh);
        return Await(schoolId, read);
    }

    /// <summary>A read that failed, or found no pupils (no such school), is not kept: the next caller reads again.</summary>
    private async Task<IReadOnlyDictionary<string, string>> Await(string schoolId, Lazy<Task<IReadOnlyDictionary<string, string>>> read)
    {
        try
        {
            var roll = await read.Value;
            if (roll.Count == 0)
            {
                rolls.TryRemove(new(schoolId, read));
            }

            return roll;
        }
        catch
        {
            rolls.TryRemove(new(schoolId, read));
            throw;
        }
    }

    private Lazy<Task<IReadOnlyDictionary<string, string>>> Reading(string schoolId) =>
        new(() => grains.GetGrain<ISchoolGrain>(schoolId).GetClassOfEachPupil());
}
