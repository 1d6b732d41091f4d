using Attendance.Grains.Abstractions;

namespace Attendance.Server.Api;

/// <summary>Refusals as RFC 9457 problem details, with the status a client can act on.</summary>
public static class Problems
{
    public static int StatusOf(RejectionReason reason) => reason switch
    {
        RejectionReason.InvalidRequest => StatusCodes.Status400BadRequest,
        RejectionReason.UnknownSchool or RejectionReason.UnknownClass or RejectionReason.UnknownPupil or RejectionReason.UnknownAlert
            or RejectionReason.UnknownProvision or RejectionReason.NotAGuest or RejectionReason.UnknownTask or RejectionReason.UnknownRequest => StatusCodes.Status404NotFound,
        RejectionReason.RegisterAlreadySubmitted or RejectionReason.AlreadyMarked or RejectionReason.AlertClosed
            or RejectionReason.PenaltyNoticeCapReached or RejectionReason.TaskClosed or RejectionReason.AlreadyDecided => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    public static IResult From(Rejection rejection) => Results.Problem(
        statusCode: StatusOf(rejection.Reason),
        title: Title(rejection.Reason),
        detail: rejection.Detail,
        type: $"urn:attendance:problem:{Kebab(rejection.Reason.ToString())}",
        extensions: rejection.Items.Count > 0 ? new Dictionary<string, object?> { ["items"] = rejection.Items } : null);

    public static IResult From(MarkingResult result) => result.Rejection is { } rejection ? From(rejection) : Results.Ok(result);

    public static IResult NotFound(RejectionReason reason, string detail) => From(new Rejection(reason, detail));

    public static IResult Invalid(string detail, params string[] fields) => From(new Rejection(RejectionReason.InvalidRequest, detail, fields));

    /// <summary>An import (roster, historic marks) refused whole: the first problems in the detail, every one in <c>items</c>.</summary>
    public static IResult NotImported(int status, string title, string type, IReadOnlyList<string> problems) => Results.Problem(
        statusCode: status,
        title: title,
        detail: $"{problems.Count} problem(s) found; nothing was imported. {string.Join(" ", problems.Take(5))}",
        type: $"urn:attendance:problem:{type}",
        extensions: new Dictionary<string, object?> { ["items"] = problems });

    /// <summary>A configuration (settings, policy) with the problems found in it, each a sentence.</summary>
    public static IResult Unprocessable(string title, string type, IReadOnlyList<string> problems) => Results.Problem(
        statusCode: StatusCodes.Status422UnprocessableEntity,
        title: title,
        detail: string.Join(" ", problems),
        type: $"urn:attendance:problem:{type}",
        extensions: new Dictionary<string, object?> { ["items"] = problems });

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
        _ => reason.ToString(),
    };

    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? $"-{char.ToLowerInvariant(c)}" : char.ToLowerInvariant(c).ToString()));
}
