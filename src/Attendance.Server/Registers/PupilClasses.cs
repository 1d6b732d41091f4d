using System.Collections.Concurrent;
using Attendance.Grains.Abstractions;

namespace Attendance.Server.Registers;

/// <summary>
/// Which class each pupil is in, per school, as this server last read the school's roll: a single mark goes straight
/// to the class, and a gate arrival straight to the pupil once the school is known to have them, with no grain call
/// first. The whole roll is read at once (one call per school, not one per pupil: a morning marks each pupil once,
/// so a per-pupil cache would never hit), and read again when a pupil is not in it or their class no longer has them
/// (a roster change); concurrent readers share one read. Access checks never use this: they ask the school.
/// </summary>
public sealed class PupilClasses(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<string, Task<IReadOnlyDictionary<string, string>>> rolls = new();

    /// <summary>Whether the school has (or had) the pupil: no grain call unless the pupil is new to this server's copy.</summary>
    public async Task<bool> Knows(string schoolId, string upn) =>
        (await rolls.GetOrAdd(schoolId, Read)).ContainsKey(upn) || (await ReadAgain(schoolId)).ContainsKey(upn);

    /// <summary>Sends <paramref name="action"/> to the pupil's class; null when the school has no such pupil.</summary>
    public async Task<Outcome<Marked>?> Send(string schoolId, string upn, Func<IClassGrain, Task<Outcome<Marked>>> action)
    {
        if ((await rolls.GetOrAdd(schoolId, Read)).TryGetValue(upn, out var classId))
        {
            var result = await action(grains.GetClass(schoolId, classId));
            if (result.Rejection?.Reason is not (RejectionReason.PupilNotInClass or RejectionReason.UnknownClass))
            {
                return result;
            }
        }

        return (await ReadAgain(schoolId)).TryGetValue(upn, out var current) ? await action(grains.GetClass(schoolId, current)) : null;
    }

    /// <summary>Reads the roll again, once for everyone who missed on the same read; an empty one (no such school) is not kept.</summary>
    private async Task<IReadOnlyDictionary<string, string>> ReadAgain(string schoolId)
    {
        var missed = rolls.GetOrAdd(schoolId, Read);
        var reread = Read(schoolId);
        if (!rolls.TryUpdate(schoolId, reread, missed))
        {
            reread = rolls[schoolId];
        }

        var classes = await reread;
        if (classes.Count == 0)
        {
            rolls.TryRemove(new(schoolId, reread));
        }

        return classes;
    }

    private async Task<IReadOnlyDictionary<string, string>> Read(string schoolId)
    {
        try
        {
            return await grains.GetGrain<ISchoolGrain>(schoolId).GetClassOfEachPupil();
        }
        catch
        {
            rolls.TryRemove(schoolId, out _); // the next caller tries again
            throw;
        }
    }
}
