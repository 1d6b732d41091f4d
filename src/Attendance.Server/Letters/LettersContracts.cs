using Attendance.Grains.Abstractions;

namespace Attendance.Server.Letters;

/// <summary>A letter template as sent to be saved (the trust's, or a school's own).</summary>
public sealed record TemplateBody(string? Name, string? Subject, string? Body, bool? EnclosesCertificate);

/// <param name="Delivery">Post (the PDF is printed) or Email (also e-mailed to the priority contact, who needs an address).</param>
public sealed record LetterRequest(string? Template, string? MeetingAt, string? MeetingWith, LetterDelivery? Delivery);

/// <summary>Who gets a letter or a message (where the criteria given meet), and how.</summary>
/// <param name="Stage">The escalation stage, as the policy names it (e.g. "Letter 1"): every pupil who reached it this school week.</param>
/// <param name="Band">The policy's band the pupils are in now (e.g. "Concern").</param>
/// <param name="ByEmail">E-mail the letter to each priority contact with an address; the rest are printed.</param>
/// <param name="Measure">A local authority's list: the pupils persistently or severely absent, at the penalty-notice threshold, or persistently late now.</param>
/// <param name="List">A saved list's name: its criteria, instead of those given here.</param>
/// <param name="Message">For a message (not a letter): the text, with <c>{{ PrefFirstName }}</c>, <c>{{ SchoolName }}</c>, <c>{{ ContactName }}</c>.</param>
public sealed record BatchRequest(
    string? Template, string? Stage, string? MeetingAt, string? MeetingWith, string? Band = null, string? ClassId = null, string? YearGroup = null, bool? ByEmail = null,
    AbsenceMeasure? Measure = null, string? List = null, string? Message = null)
{
    public ListCriteria Criteria => new(Stage, Band, ClassId, YearGroup, Measure);
}

/// <summary>A pupil on a list, the band they are in now, how a letter would reach home, and how a message would (none: no e-mail address or phone number).</summary>
public sealed record ListedPupil(string Upn, string Name, string ClassId, string YearGroup, string Band, LetterDelivery Delivery, MessageChannel? MessageBy);

/// <summary>A list's message: how many went by text and by e-mail, and the pupils whose family has neither.</summary>
public sealed record MessagesSent(int Texted, int Emailed, IReadOnlyList<string> NoContact);

/// <summary>A list to save: its name and who it holds.</summary>
public sealed record SaveListBody(string? Stage, string? Band, string? ClassId, string? YearGroup, AbsenceMeasure? Measure);

/// <summary>A list's letters: the PDF of those to print (null when none), and how many were printed and e-mailed.</summary>
public sealed record ListSent(LetterPdf? Pdf, int Printed, int Emailed);

/// <summary>Letters (or a certificate) printed as one PDF, and the name it is downloaded as.</summary>
public sealed record LetterPdf(byte[] Content, string FileName);
