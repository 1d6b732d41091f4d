using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Hosting;

namespace Attendance.Grains.Schools;

[GenerateSerializer]
public sealed class AdmissionRegisterState
{
    [Id(0)] public List<AdmissionEntry> Entries { get; set; } = [];
}

/// <summary>
/// The admission register: lines are only ever added. It calls no other grain, so the school may call it in the
/// middle of an import; the local authority's tasks and the classes' rolls are brought up to date by its callers.
/// </summary>
[SchoolPlacement]
public sealed class AdmissionRegisterGrain(
    [PersistentState("admissions", StorageNames.Attendance)] IPersistentState<AdmissionRegisterState> state) : Grain, IAdmissionRegisterGrain
{
    public async Task<IReadOnlyList<AdmissionEntry>> AdmitNew(IReadOnlyList<NewAdmission> pupils, Staff by, DateTimeOffset at)
    {
        var known = state.State.Entries.Select(e => e.Upn).ToHashSet();
        var admitted = pupils
            .Where(p => !known.Contains(p.Upn))
            .Select(p => new AdmissionEntry(p.Upn, AdmissionEntryKind.Admission, p.StartingDay, null, null, by, at))
            .ToList();
        if (admitted.Count > 0)
        {
            state.State.Entries.AddRange(admitted);
            await state.WriteStateAsync();
        }

        return admitted;
    }

    public async Task<Outcome<AdmissionEntry>> Record(AdmissionEntry entry)
    {
        var pupil = Of(entry.Upn);
        if (pupil.Entries.Count > 0 && pupil.Entries[^1] is var last && (last.Kind, last.On, last.Ground) == (entry.Kind, entry.On, entry.Ground))
        {
            return last; // sent again: the line is already in the register
        }

        if (pupil.Refuse(entry) is { } problem)
        {
            return new Rejection(RejectionReason.AdmissionRefused, problem, [entry.Upn]);
        }

        state.State.Entries.Add(entry);
        await state.WriteStateAsync();
        return entry;
    }

    public Task<IReadOnlyList<AdmissionEntry>> List(string? upn = null) =>
        Task.FromResult<IReadOnlyList<AdmissionEntry>>([.. state.State.Entries.Where(e => upn is null || e.Upn == upn)]);

    public Task<IReadOnlyDictionary<string, IReadOnlyList<RollPeriod>>> Rolls(IReadOnlyList<string> upns)
    {
        var wanted = upns.ToHashSet();
        return Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<RollPeriod>>>(state.State.Entries
            .Where(e => wanted.Contains(e.Upn))
            .GroupBy(e => e.Upn)
            .ToDictionary(g => g.Key, g => new PupilAdmissions([.. g]).Periods()));
    }

    private PupilAdmissions Of(string upn) => new([.. state.State.Entries.Where(e => e.Upn == upn)]);
}

/// <summary>The local authority's returns for admission register lines, as follow-up tasks for the office.</summary>
public static class AdmissionReturnTasks
{
    public static FollowUpTask For(string schoolId, AdmissionEntry entry, PupilDetails pupil, SchoolSettings settings)
    {
        var entered = DateOnly.FromDateTime(settings.LocalTime(entry.At));
        var (kind, due, what) = entry.Kind == AdmissionEntryKind.Admission
            ? (FollowUpKind.NewPupilReturn, AdmissionReturns.NewPupilReturnDue(entered),
                $"{pupil.LegalName} joined the roll (starting day {entry.On:d MMMM yyyy}): send the local authority the new pupil return, with everything the admission register holds about them, by the end of {AdmissionReturns.NewPupilReturnDue(entered):d MMMM}.")
            : (FollowUpKind.DeletionReturn, AdmissionReturns.DeletionReturnDue(entry.On),
                $"{pupil.LegalName}'s name is deleted from the admission register (last day on roll {entry.On:d MMMM yyyy}, ground {AdmissionEntry.Regulation(entry.Ground!.Value)}: {entry.Ground}). Send the local authority the deletion return no later than the deletion.");
        return new FollowUpTask(
            $"{kind}-{entry.Upn}-{entry.On:yyyy-MM-dd}", schoolId, kind, schoolId, entry.Upn, pupil.DisplayName, pupil.RegistrationGroup, new Session(due, SessionPart.AM), what,
            entry.At, settings.InstantOf(due.ToDateTime(new TimeOnly(17, 0))), pupil.Flags, pupil.Contacts, NextContact: 0, Calls: [], Closed: null);
    }
}
