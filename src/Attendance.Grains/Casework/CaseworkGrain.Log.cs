using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Grains.Casework;

/// <summary>The case log: notes, calls, meetings and home visits, referrals and panels with their outcomes, the level of support.</summary>
public sealed partial class CaseworkGrain
{
    public async Task<Outcome<CaseEntry>> Record(CaseEntry entry)
    {
        if (await GrainFactory.GetPupil(SchoolId, entry.Upn).GetDetails() is null)
        {
            return new Rejection(RejectionReason.UnknownPupil, $"There is no pupil '{entry.Upn}' on roll at '{SchoolId}'.");
        }

        var today = await SchoolToday();
        var refused = Rejection.WithoutStaff(entry.RecordedBy, "recording this")
            ?? (!Enum.IsDefined(entry.Kind) ? Invalid("The kind is Note, Call, Meeting, HomeVisit, Referral, Panel or SupportTier.", "kind")
            : string.IsNullOrWhiteSpace(entry.Summary) ? Invalid("Say what happened, in a sentence or two.", "summary")
            : entry.On > today ? Invalid($"The case log records what has happened: {entry.On:d MMMM yyyy} is after today.", "on")
            : entry.Kind == CaseEntryKind.Referral && !(entry.Service is { } service && Enum.IsDefined(service))
                ? Invalid("Say which service the referral went to: EarlyHelp, Mash, EducationWelfare, Health or Other.", "service")
            : entry.Kind == CaseEntryKind.Panel && !(entry.Panel is { } panel && Enum.IsDefined(panel))
                ? Invalid("Say which panel: SchoolAttendancePanel, LocalAuthorityLegalPanel or ProvisionPanel.", "panel")
            : entry.Kind == CaseEntryKind.SupportTier && !(entry.Tier is { } tier && Enum.IsDefined(tier))
                ? Invalid("Say the level of support now: Universal, Targeted, Intensive or Legal.", "tier")
            : null);
        if (refused is not null)
        {
            return refused;
        }

        // Only what the kind uses is kept: a tier on a call would read as a change of support.
        var saved = entry with
        {
            Id = RecordIds.New("case"), Summary = entry.Summary.Trim(), RecordedAt = clock.GetUtcNow(), Outcome = null,
            Service = entry.Kind == CaseEntryKind.Referral ? entry.Service : null,
            Panel = entry.Kind == CaseEntryKind.Panel ? entry.Panel : null,
            Tier = entry.Kind == CaseEntryKind.SupportTier ? entry.Tier : null,
        };
        state.State.Log[saved.Id] = saved;
        await state.WriteStateAsync();
        return saved;
    }

    public async Task<Outcome<CaseEntry>> RecordOutcome(string entryId, CaseOutcome outcome)
    {
        if (state.State.Log.GetValueOrDefault(entryId) is not { } entry)
        {
            return new Rejection(RejectionReason.UnknownRequest, $"There is no case log entry '{entryId}' at this school.");
        }

        var refused = entry.Kind is not (CaseEntryKind.Referral or CaseEntryKind.Panel) ? Invalid("Only a referral or a panel has an outcome.", "entryId")
            : entry.Outcome is not null ? new Rejection(RejectionReason.AlreadyDecided, "This outcome is already recorded; add a note to the case log for anything since.")
            : Rejection.WithoutStaff(outcome.By, "recording this")
            ?? (string.IsNullOrWhiteSpace(outcome.What) ? Invalid("Say what the outcome was.", "outcome")
            : outcome.On < entry.On ? Invalid($"The outcome comes on or after the {entry.Kind.ToString().ToLowerInvariant()} ({entry.On:d MMMM yyyy}).", "on")
            : outcome.On > await SchoolToday() ? Invalid($"Record the outcome once it is known: {outcome.On:d MMMM yyyy} is after today.", "on")
            : null);
        if (refused is not null)
        {
            return refused;
        }

        var decided = entry with { Outcome = outcome with { What = outcome.What.Trim() } };
        state.State.Log[entryId] = decided;
        await state.WriteStateAsync();
        return decided;
    }
}
