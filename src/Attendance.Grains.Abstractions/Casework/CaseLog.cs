using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>What a line of a pupil's case log records.</summary>
public enum CaseEntryKind
{
    Note,
    Call,
    Meeting,
    HomeVisit,

    /// <summary>A referral to a service outside the school (<see cref="CaseEntry.Service"/>); its outcome follows.</summary>
    Referral,

    /// <summary>A panel the case went to (<see cref="CaseEntry.Panel"/>); its outcome follows.</summary>
    Panel,

    /// <summary>The level of support changed (<see cref="CaseEntry.Tier"/>).</summary>
    SupportTier,
}

/// <summary>
/// The levels of support of the 2024 guidance (Working together to improve school attendance): support for every
/// pupil, targeted support where absence is a concern, intensive support with other services, then legal intervention.
/// </summary>
public enum SupportTier
{
    Universal,
    Targeted,
    Intensive,
    Legal,
}

/// <summary>The services the seeds refer a pupil to.</summary>
public enum ReferralService
{
    EarlyHelp,

    /// <summary>The multi-agency safeguarding hub (seed 001: below 50%).</summary>
    Mash,

    /// <summary>The local authority's education welfare service (seed 004: 14 days' absence; 15 days' illness).</summary>
    EducationWelfare,

    /// <summary>The school nurse or health services (seed 004 §9).</summary>
    Health,

    Other,
}

/// <summary>The panels a case goes to.</summary>
public enum PanelKind
{
    /// <summary>The school's formal attendance panel with the parents (seed 004: letter 3).</summary>
    SchoolAttendancePanel,

    /// <summary>The local authority's legal panel, which decides on legal intervention.</summary>
    LocalAuthorityLegalPanel,

    /// <summary>The enhanced provision's panel for a guest pupil (seed 000).</summary>
    ProvisionPanel,
}

/// <summary>The outcome of a referral or panel, recorded when it is known.</summary>
[GenerateSerializer, Immutable]
public sealed record CaseOutcome(string What, DateOnly On, Staff By);

/// <summary>
/// One line of a pupil's case log: a note, call, meeting or home visit, a referral or panel (with its outcome once
/// known), or a change in the level of support.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CaseEntry(
    string Id,
    string Upn,
    CaseEntryKind Kind,
    DateOnly On,
    string Summary,
    Staff RecordedBy,
    DateTimeOffset RecordedAt,
    SupportTier? Tier = null,
    ReferralService? Service = null,
    PanelKind? Panel = null,
    CaseOutcome? Outcome = null)
{
    /// <summary>A referral or panel whose outcome is still to record.</summary>
    public bool AwaitsOutcome => Kind is CaseEntryKind.Referral or CaseEntryKind.Panel && Outcome is null;
}
