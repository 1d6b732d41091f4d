using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>
/// A letter home: its text is a Liquid template (<c>{{ PrefFirstName }}</c>, <c>{{ SessionsMissed }}</c>…, listed in
/// docs/API.md), paragraphs separated by a blank line. <see cref="EnclosesCertificate"/>: the pupil's registration
/// certificate is printed after the letter.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LetterTemplate(string Key, string Name, string Subject, string Body, bool EnclosesCertificate = false)
{
    /// <summary>The merge fields a letter may use (the letter printer fills each one).</summary>
    public static readonly IReadOnlySet<string> MergeFields = new HashSet<string>(
    [
        "ParentName", "PrefFirstName", "PrefLastName", "FirstName", "LastName", "ClassName", "HisHer", "HeShe", "SessionsMissed",
        "PossibleSessions", "AttendancePercent", "UnexplainedSessions", "MeetingAt", "MeetingWith", "SchoolName", "Date", "SignedBy",
    ]);
}

/// <summary>Where the template in force comes from.</summary>
public enum TemplateSource
{
    BuiltIn,
    Trust,
    School,
}

[GenerateSerializer, Immutable]
public sealed record TemplateInForce(LetterTemplate Template, TemplateSource Source);

public enum LetterDelivery
{
    Post,
    Email,
}

/// <summary>A letter prepared for a pupil's family: which, by whom, when, and how it goes home.</summary>
[GenerateSerializer, Immutable]
public sealed record SentLetter(
    string Id,
    string Upn,
    string PupilName,
    string TemplateKey,
    string TemplateName,
    Staff By,
    DateTimeOffset At,
    LetterDelivery Delivery,
    string? To);
