using System.Collections.Concurrent;
using Attendance.Grains.Abstractions;

namespace Attendance.Server.Registers;

/// <summary>
/// Which class each pupil is in, per school, as this server last read the school's roll: a gate arrival or a single
/// mark goes straight to the class instead of asking the school first. The whole roll is read at once (one call per
/// school, not one per pupil: a morning marks each pupil once, so a per-pupil cache would never hit), and read again
/// when a pupil is not in it or their class no longer has them (a roster change); concurrent readers share one read.
/// The class grain checks its own roll, so a pupil who has moved is refused by the old class without any change.
/// Access checks never use this: they ask the school.
/// </summary>
public sealed class PupilClasses(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<string, Task<IReadOnlyDictionary<string, string>>> rolls = new();

    /// <summary>Sends <paramref name="action"/> to the pupil's class; null when the school has no such pupil.</summary>
    public async Task<Outcome<Marked>?> Send(string schoolId, string upn, Func<IClassGrain, Task<Outcome<Marked>>> action)
    {
        var roll = rolls.GetOrAdd(schoolId, Read);
        if ((await roll).TryGetValue(upn, out var classId))
        {
            var result = await action(grains.GetClass(schoolId, classId));
            if (result.Rejection?.Reason is not (RejectionReason.PupilNotInClass or RejectionReason.UnknownClass))
            {
                return result;
            }
        }

        // Not in the roll as read, or moved since: read it again (once for everyone who missed on the same read).
        var reread = Read(schoolId);
        if (!rolls.TryUpdate(schoolId, reread, roll))
        {
            reread = rolls[schoolId];
        }

        var classes = await reread;
        if (classes.Count == 0)
        {
            rolls.TryRemove(new(schoolId, reread)); // no such school (or no pupils yet): nothing worth keeping
        }

        return classes.TryGetValue(upn, out var current) ? await action(grains.GetClass(schoolId, current)) : null;
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
