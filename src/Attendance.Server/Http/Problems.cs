using Attendance.Grains.Abstractions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.Server.Http;

/// <summary>
/// The one problem catalogue: each refusal (<see cref="RejectionReason"/>) as an RFC 9457 problem with the status a
/// client can act on, a title and the type <c>urn:attendance:problem:{reason in kebab case}</c>; and the few problems
/// the HTTP layer writes itself (sign-in, load, forgery), by name.
/// </summary>
public static class Problems
{
    public static int StatusOf(RejectionReason reason) => reason switch
    {
        RejectionReason.InvalidRequest => StatusCodes.Status400BadRequest,
        RejectionReason.UnknownSchool or RejectionReason.UnknownClass or RejectionReason.UnknownPupil or RejectionReason.UnknownAlert
            or RejectionReason.UnknownProvision or RejectionReason.NotAGuest or RejectionReason.UnknownTask or RejectionReason.UnknownRequest
            or RejectionReason.UnknownLesson or RejectionReason.UnknownRollCall or RejectionReason.UnknownSavedList => StatusCodes.Status404NotFound,
        RejectionReason.RegisterAlreadySubmitted or RejectionReason.AlreadyMarked or RejectionReason.AlertClosed
            or RejectionReason.PenaltyNoticeCapReached or RejectionReason.TaskClosed or RejectionReason.AlreadyDecided
            or RejectionReason.YearEndNotReady or RejectionReason.AlreadySignedOut or RejectionReason.NotSignedOut
            or RejectionReason.RollCallEnded or RejectionReason.PenaltyStepRefused => StatusCodes.Status409Conflict,
        RejectionReason.NotAParent or RejectionReason.AnotherAccount or RejectionReason.NotYourChild or RejectionReason.Forbidden => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    /// <summary>The refusal as a problem (a file that could not be read at all is a 400 whatever its reason).</summary>
    public static ProblemHttpResult ToProblem(this Rejection rejection) => TypedResults.Problem(
        statusCode: rejection.Unreadable ? StatusCodes.Status400BadRequest : StatusOf(rejection.Reason),
        title: Title(rejection.Reason),
        detail: rejection.Detail,
        type: Type(rejection.Reason),
        extensions: rejection.Items.Count > 0 ? new Dictionary<string, object?> { ["items"] = rejection.Items } : null);

    public static ProblemHttpResult From(Rejection rejection) => rejection.ToProblem();

    public static ProblemHttpResult NotFound(RejectionReason reason, string detail) => new Rejection(reason, detail).ToProblem();

    public static ProblemHttpResult Invalid(string detail, params string[] fields) => new Rejection(RejectionReason.InvalidRequest, detail, fields).ToProblem();

    /// <summary>The problem type of a refusal: <c>urn:attendance:problem:unknown-school</c>.</summary>
    public static string Type(RejectionReason reason) => Type(Kebab(reason.ToString()));

    /// <summary>The problem type of a problem the HTTP layer writes itself (e.g. <c>marking-busy</c>).</summary>
    public static string Type(string name) => $"urn:attendance:problem:{name}";

    private static string Title(RejectionReason reason) => reason switch
    {
        RejectionReason.InvalidRequest => "The request is not valid",
        RejectionReason.UnknownSchool => "Unknown school",
        RejectionReason.UnknownClass => "Unknown class",
        RejectionReason.UnknownPupil => "Unknown pupil",
        RejectionReason.UnknownCode => "Not a national attendance code",
        RejectionReason.PupilNotInClass => "Pupil not on the class roll",
        RejectionReason.SchoolClosed => "The school is closed for that session",
        RejectionReason.FutureSession => "The register for that session has not opened",
        RejectionReason.RegisterIncomplete => "The register is incomplete",
        RejectionReason.RegisterAlreadySubmitted => "The register was already submitted",
        RejectionReason.AlreadyMarked => "The session is already marked",
        RejectionReason.NotMarked => "The session has no mark to amend",
        RejectionReason.UnknownAlert => "Unknown alert",
        RejectionReason.AlertClosed => "The alert is already closed",
        RejectionReason.PenaltyNoticeCapReached => "Penalty-notice limit reached for this parent and child",
        RejectionReason.PenaltyStepRefused => "Not the penalty notice's next step",
        RejectionReason.UnknownSavedList => "Unknown saved list",
        RejectionReason.UnknownProvision => "Unknown provision",
        RejectionReason.NotAGuest => "Not a guest pupil of this provision",
        RejectionReason.NotExpected => "The guest is not expected at the provision that session",
        RejectionReason.UnknownTask => "Unknown follow-up task",
        RejectionReason.TaskClosed => "The task is already closed",
        RejectionReason.CodeNotForTeachers => "Teachers do not record that code",
        RejectionReason.IdempotencyKeyReused => "That Idempotency-Key was used for a different register",
        RejectionReason.UnknownRequest => "Unknown absence report or leave request",
        RejectionReason.AlreadyDecided => "The school has already decided this",
        RejectionReason.PastSession => "That session has passed",
        RejectionReason.NotOnRoll => "The pupil was not on roll that day",
        RejectionReason.AdmissionRefused => "The admission register cannot take that line",
        RejectionReason.NotCurrentSession => "Only the session under way can be recorded here",
        RejectionReason.YearEndNotReady => "The school year cannot be ended yet",
        RejectionReason.InvalidSettings => "The settings are not valid",
        RejectionReason.InvalidPolicy => "The attendance policy is not valid",
        RejectionReason.InvalidTemplate => "The letter template cannot be used",
        RejectionReason.InvalidNationalReference => "The national reference was not saved",
        RejectionReason.InvalidRoster => "The roster was not imported",
        RejectionReason.InvalidTimetable => "The timetable was not imported",
        RejectionReason.UnknownLesson => "No such lesson that day",
        RejectionReason.InvalidPushSubscription => "Notifications cannot be turned on for that subscription",
        RejectionReason.AlreadySignedOut => "The pupil is already signed out",
        RejectionReason.NotSignedOut => "The pupil is not signed out",
        RejectionReason.UnknownRollCall => "No such roll call",
        RejectionReason.RollCallEnded => "The roll call has ended",
        RejectionReason.EvidenceRefused => "That file cannot be taken as evidence",
        RejectionReason.InvalidHistory => "The historic marks were not imported",
        RejectionReason.CtfNotImported => "The Common Transfer File was not imported",
        RejectionReason.NotAParent => "Only for parents",
        RejectionReason.AnotherAccount => "Your e-mail address is used by another account",
        RejectionReason.NotYourChild => "Not one of your children",
        RejectionReason.Forbidden => "Not allowed for your role",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "A refusal with no problem in the catalogue."),
    };

    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? $"-{char.ToLowerInvariant(c)}" : char.ToLowerInvariant(c).ToString()));
}
