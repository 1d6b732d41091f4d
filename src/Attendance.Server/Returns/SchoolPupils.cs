using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Server.Returns;

/// <summary>The pupils on a school's roll, as returns need them: details, and each one's register.</summary>
public static class SchoolPupils
{
    public static async Task<List<PupilDetails>> Details(IGrainFactory grains, string schoolId)
    {
        var listing = await grains.GetGrain<ISchoolGrain>(schoolId).GetPupils();
        var details = await Task.WhenAll(listing.Select(p => grains.GetPupil(schoolId, p.Upn).GetDetails()));
        return [.. details.OfType<PupilDetails>().OrderBy(p => p.Upn, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Every pupil on roll on any day from <paramref name="first"/> to <paramref name="last"/>, those who left since
    /// included, with their periods on roll (null for a pupil with no admission recorded: on roll throughout).
    /// </summary>
    public static async Task<List<PupilOnRoll>> OnRollBetween(IGrainFactory grains, string schoolId, DateOnly first, DateOnly last)
    {
        var known = await Known(grains, schoolId);
        var details = await Task.WhenAll(known.Keys.Select(u => grains.GetPupil(schoolId, u).GetDetails()));
        return [.. details.OfType<PupilDetails>()
            .Select(p => new PupilOnRoll(p, known[p.Upn]?.Periods()))
            .Where(p => p.Roll is null || p.Roll.Any(r => r.Overlaps(first, last)))
            .OrderBy(p => p.Pupil.Upn, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Every pupil the school knows, on roll now or in its admission register (those who left), with their admission
    /// lines; null for a pupil with none recorded (on roll throughout).
    /// </summary>
    public static async Task<Dictionary<string, PupilAdmissions?>> Known(IGrainFactory grains, string schoolId)
    {
        var lines = grains.GetGrain<IAdmissionRegisterGrain>(schoolId).List();
        var listing = await grains.GetGrain<ISchoolGrain>(schoolId).GetPupils();
        var admissions = (await lines).GroupBy(e => e.Upn).ToDictionary(g => g.Key, g => new PupilAdmissions([.. g]));
        return listing.Select(p => p.Upn).Union(admissions.Keys).ToDictionary(u => u, u => admissions.GetValueOrDefault(u), StringComparer.Ordinal);
    }

    /// <summary>Each pupil with their register rebuilt from its entries (amendments applied), for figures over any period.</summary>
    public static async Task<List<(PupilDetails Pupil, PupilRegister Register)>> Registers(IGrainFactory grains, string schoolId)
    {
        var pupils = await Details(grains, schoolId);
        var entries = await Task.WhenAll(pupils.Select(p => grains.GetPupil(schoolId, p.Upn).GetEntries()));
        return [.. pupils.Zip(entries, (pupil, lines) => (pupil, new PupilRegister(lines)))];
    }

    /// <summary>A pupil's sessions in a period counted by their codes now.</summary>
    public static CodeTotals Totals(PupilRegister register, IEnumerable<Session> sessions) =>
        CodeTotals.Of(sessions.Select(s => register.CurrentMark(s)?.Code));
}

/// <param name="Roll">The periods on roll; null when no admission is recorded (on roll throughout).</param>
public sealed record PupilOnRoll(PupilDetails Pupil, IReadOnlyList<RollPeriod>? Roll)
{
    public bool OnRollOn(DateOnly day) => RollPeriod.OnRoll(Roll, day);
}
