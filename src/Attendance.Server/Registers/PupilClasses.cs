using System.Collections.Concurrent;
using Attendance.Grains.Abstractions;

namespace Attendance.Server.Registers;

/// <summary>
/// Which class each pupil is in, as this server last heard from the school grain, so a gate arrival or a single
/// mark goes straight to the class instead of asking the school first (one grain call of four per arrival). The
/// class grain checks its own roll, so a pupil who has moved is refused by the old class without any change; the
/// school is then asked again and the mark sent to the new class. Access checks never use this: they ask the school.
/// </summary>
public sealed class PupilClasses(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<(string SchoolId, string Upn), string> known = new();

    /// <summary>Sends <paramref name="action"/> to the pupil's class; null when the school has no such pupil.</summary>
    public async Task<Outcome<Marked>?> Send(string schoolId, string upn, Func<IClassGrain, Task<Outcome<Marked>>> action)
    {
        if (known.TryGetValue((schoolId, upn), out var remembered))
        {
            var result = await action(grains.GetClass(schoolId, remembered));
            if (result.Rejection?.Reason is not (RejectionReason.PupilNotInClass or RejectionReason.UnknownClass))
            {
                return result;
            }

            known.TryRemove((schoolId, upn), out _);
        }

        if (await grains.GetGrain<ISchoolGrain>(schoolId).FindClassOf(upn) is not { } classId)
        {
            return null;
        }

        known[(schoolId, upn)] = classId;
        return await action(grains.GetClass(schoolId, classId));
    }
}
