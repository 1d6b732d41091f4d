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
}
