using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Letters;

namespace Attendance.Grains.Families;

/// <summary>
/// The messages home the service writes: the first-day message (the policy's wording, a Liquid template) and the
/// school's answers to absence reports and leave requests.
/// </summary>
internal static class FamilyMessages
{
    /// <summary>Problems with the policy's wording: a template that does not parse would fail every first-day message.</summary>
    public static IEnumerable<string> Check(FamilyRules rules) =>
        rules is { FirstDayMessage: true } && Liquid.Problem(rules.FirstDayWording, FamilyRules.FirstDayFields) is { } error
            ? [$"The first-day message's wording is not a valid template: {error}"]
            : [];

    /// <summary>
    /// The first-day message to the priority contact: by e-mail where the school holds one, else by text. Its id is
    /// the pupil's and the session's, so building the follow-up twice sends it once.
    /// </summary>
    public static OutgoingMessage? FirstDay(string schoolId, string schoolName, PupilDetails pupil, Session session, FamilyRules rules)
    {
        if (!rules.FirstDayMessage || pupil.Contacts.FirstOrDefault() is not { } contact)
        {
            return null;
        }

        var fields = new Dictionary<string, string>
        {
            ["PrefFirstName"] = pupil.PreferredForename ?? pupil.LegalForename,
            ["Session"] = session.Part == SessionPart.AM ? "morning" : "afternoon",
            ["SchoolName"] = schoolName,
            ["ContactName"] = contact.Name,
        };
        string body;
        try
        {
            body = Liquid.Render(rules.FirstDayWording, fields);
        }
        catch (TemplateRefusedException)
        {
            // A wording saved before templates were checked, which the check now refuses: the family is still told.
            body = Liquid.Render(FamilyRules.DefaultFirstDayWording, fields);
        }

        var byEmail = !string.IsNullOrWhiteSpace(contact.Email);
        return new OutgoingMessage($"first-day-{pupil.Upn}-{session}", schoolId, MessageKind.FirstDay, byEmail ? MessageChannel.Email : MessageChannel.Sms,
            byEmail ? contact.Email!.Trim() : contact.Phone, contact.Name, pupil.Upn,
            $"{pupil.PreferredForename ?? pupil.LegalForename} is not in school: please tell us why", body);
    }

    public static OutgoingMessage ReportDecision(string schoolName, AbsenceReport report)
    {
        var decision = report.Decision!;
        var answer = report.Status == ReportStatus.Accepted
            ? $"The school has recorded the absence ({Sessions(report.Sessions)}) with the code {decision.Code}."
            : "The school needs more from you before it can record the absence.";
        return ToParent(report.SchoolId, report.Id, MessageKind.ReportDecision, report.ReportedBy, report.Upn,
            $"Your absence report for {report.PupilName}",
            $"Dear {report.ReportedBy.Name}, {answer} {decision.Note} ({decision.By.Name}, {decision.By.Position}). {schoolName}");
    }

    public static OutgoingMessage LeaveDecision(string schoolName, LeaveRequest request, AttendancePolicy policy)
    {
        var decision = request.Decision!;
        var answer = request.Status == LeaveStatus.Granted
            ? $"The headteacher has granted leave of absence for {request.PupilName} ({Sessions(request.Sessions)}). These sessions will be recorded as {decision.Code}, authorised absence."
            : $"The headteacher has not granted leave of absence for {request.PupilName} ({Sessions(request.Sessions)}). If {request.PupilName} is absent on these days, " +
              $"the sessions will be recorded as {decision.Code}, unauthorised absence. {policy.PenaltyNoticeSessions} sessions of unauthorised absence within " +
              $"{policy.PenaltyNoticeWeeks} school weeks is the national threshold at which the school must consider a penalty notice: £80 per parent if paid " +
              "within 21 days, £160 within 28 days (a second notice within three years is £160).";
        return ToParent(request.SchoolId, request.Id, MessageKind.LeaveDecision, request.RequestedBy, request.Upn,
            $"Your leave request for {request.PupilName}",
            $"Dear {request.RequestedBy.Name}, {answer} Reason: {decision.Note} ({decision.By.Name}, {decision.By.Position}). {schoolName}");
    }

    private static OutgoingMessage ToParent(string schoolId, string requestId, MessageKind kind, Parent parent, string upn, string subject, string body) =>
        new($"{requestId}-decision", schoolId, kind, MessageChannel.Email, parent.Email, parent.Name, upn, subject, body);

    private static string Sessions(SessionRange range) =>
        range.First == range.Last ? Words(range.First)
        : range.First.Date == range.Last.Date ? $"{range.First.Date:dddd d MMMM}, all day"
        : $"{Words(range.First)} to {Words(range.Last)}";

    private static string Words(Session session) => $"{session.Date:dddd d MMMM} {(session.Part == SessionPart.AM ? "morning" : "afternoon")}";
}
