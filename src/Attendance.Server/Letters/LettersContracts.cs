using Attendance.Grains.Abstractions;

namespace Attendance.Server.Letters;

/// <summary>A letter template as sent to be saved (the trust's, or a school's own).</summary>
public sealed record TemplateBody(string? Name, string? Subject, string? Body, bool? EnclosesCertificate);

/// <param name="Delivery">Post (the PDF is printed) or Email (also e-mailed to the priority contact, who needs an address).</param>
public sealed record LetterRequest(string? Template, string? MeetingAt, string? MeetingWith, LetterDelivery? Delivery);

/// <param name="Stage">The escalation stage, as the policy names it (e.g. "Letter 1"): every pupil who reached it this school week.</param>
public sealed record BatchRequest(string? Template, string? Stage, string? MeetingAt, string? MeetingWith);

/// <summary>Letters (or a certificate) printed as one PDF, and the name it is downloaded as.</summary>
public sealed record LetterPdf(byte[] Content, string FileName);
