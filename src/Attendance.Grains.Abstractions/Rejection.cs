namespace Attendance.Grains.Abstractions;

/// <summary>Why a request was refused. A refused request changes nothing.</summary>
[GenerateSerializer]
public enum RejectionReason
{
    InvalidRequest,
    UnknownSchool,
    UnknownClass,
    UnknownPupil,
    UnknownCode,
    PupilNotInClass,
    SchoolClosed,
    FutureSession,
    RegisterIncomplete,
    RegisterAlreadySubmitted,
    AlreadyMarked,
    NotMarked,
    UnknownAlert,
    AlertClosed,
    PenaltyNoticeCapReached,
    UnknownProvision,
    NotAGuest,
    NotExpected,
    UnknownTask,
    TaskClosed,
    CodeNotForTeachers,
    IdempotencyKeyReused,
    UnknownRequest,
    AlreadyDecided,
    PastSession,
    NotOnRoll,
    AdmissionRefused,
    NotCurrentSession,
    YearEndNotReady,
    UnknownLesson,

    // A whole configuration or file refused, with every problem found in it (items).
    InvalidSettings,
    InvalidPolicy,
    InvalidTemplate,
    InvalidNationalReference,
    InvalidRoster,
    InvalidTimetable,
    InvalidHistory,
    CtfNotImported,

    // Parents' pages.
    NotAParent,
    AnotherAccount,
    NotYourChild,

    /// <summary>The role may call the endpoint but not do this with it (e.g. a reason given on a call, which amends).</summary>
    Forbidden,

    // New reasons go last: the numbers travel between silos, and a silo of the last version reads them by number.
    InvalidPushSubscription,
    AlreadySignedOut,
    NotSignedOut,
    UnknownRollCall,
    RollCallEnded,
    EvidenceRefused,

    /// <summary>A penalty-notice step out of the framework's order, or too soon (the improvement period, the payment window).</summary>
    PenaltyStepRefused,
    UnknownSavedList,
}

/// <param name="Detail">A sentence a school's staff or IT person can act on.</param>
/// <param name="Items">The pupils, codes or fields the refusal is about.</param>
/// <param name="Unreadable">A file or body that could not be read at all (answered 400 rather than 422).</param>
[GenerateSerializer, Immutable]
public sealed record Rejection(RejectionReason Reason, string Detail, IReadOnlyList<string> Items, bool Unreadable = false)
{
    public Rejection(RejectionReason reason, string detail)
        : this(reason, detail, [])
    {
    }

    /// <summary>A configuration with every problem found in it (settings, policy, template), or null when there are none.</summary>
    public static Rejection? Of(RejectionReason reason, IReadOnlyCollection<string> problems) =>
        problems.Count == 0 ? null : new(reason, string.Join(" ", problems), [.. problems]);

    /// <summary>A file refused whole (roster, historic marks, CTF): the first five problems in the detail, every one in the items.</summary>
    public static Rejection NotImported(RejectionReason reason, IReadOnlyList<string> problems, bool unreadable = false) =>
        new(reason, $"{problems.Count} problem(s) found; nothing was imported. {string.Join(" ", problems.Take(5))}", problems, unreadable);

    /// <summary>
    /// Refuses a request that does not say who made it (the 2024 regulations ask for a name and a position); null when
    /// it does. <paramref name="doing"/> completes "Say who is …".
    /// </summary>
    public static Rejection? WithoutStaff(Domain.Staff? staff, string doing = "recording this") =>
        string.IsNullOrWhiteSpace(staff?.Name) || string.IsNullOrWhiteSpace(staff.Position)
            ? new Rejection(RejectionReason.InvalidRequest, $"Say who is {doing}: a name and a position.", ["name", "position"])
            : null;
}
