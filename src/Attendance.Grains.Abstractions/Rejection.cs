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
}

/// <param name="Detail">A sentence a school's staff or IT person can act on.</param>
/// <param name="Items">The pupils, codes or fields the refusal is about.</param>
[GenerateSerializer, Immutable]
public sealed record Rejection(RejectionReason Reason, string Detail, IReadOnlyList<string> Items)
{
    public Rejection(RejectionReason reason, string detail)
        : this(reason, detail, [])
    {
    }

    /// <summary>
    /// Refuses a request that does not say who made it (the 2024 regulations ask for a name and a position); null when
    /// it does. <paramref name="doing"/> completes "Say who is …".
    /// </summary>
    public static Rejection? WithoutStaff(Domain.Staff? staff, string doing = "recording this") =>
        string.IsNullOrWhiteSpace(staff?.Name) || string.IsNullOrWhiteSpace(staff.Position)
            ? new Rejection(RejectionReason.InvalidRequest, $"Say who is {doing}: a name and a position.", ["name", "position"])
            : null;
}
