using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>
/// The agreement for a guest pupil (seed 000): on roll at <see cref="SchoolId"/>, at the provision for the sessions
/// of <see cref="Schedule"/>, recorded at the referring school with <see cref="AgreementCode"/> when there
/// (<c>B</c> by default; <c>K</c> where the local authority arranged it, <c>D</c> where dual registered).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record GuestPlacement(string SchoolId, string Upn, GuestSchedule Schedule, string AgreementCode = "B")
{
    public static IReadOnlyList<string> AgreementCodes { get; } = ["B", "K", "D"];
}

/// <summary>What the referring school's register knows of a guest pupil's placement.</summary>
[GenerateSerializer, Immutable]
public sealed record ProvisionPlacement(string ProvisionId, string ProvisionName, GuestSchedule Schedule, string AgreementCode);

/// <summary>A guest pupil as the provision holds them: the placement, with name, contacts and flags from the referring school.</summary>
[GenerateSerializer, Immutable]
public sealed record Guest(GuestPlacement Placement, string Name, string ClassId, PupilFlags Flags, IReadOnlyList<Contact> Contacts);

/// <summary>A guest seen arriving at the provision; <see cref="ArrivedAt"/> defaults to now.</summary>
[GenerateSerializer, Immutable]
public sealed record GuestArrival(string Upn, DateTimeOffset? ArrivedAt, Staff RecordedBy);

/// <summary>
/// A guest who cannot attend a session, with the code for the reason given (e.g. <c>I</c>) or <c>N</c> when none.
/// <see cref="ParentSaysSchoolTold"/> is recorded, but the referring school is told either way (seed 000).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record GuestAbsence(string Upn, Session Session, string Code, string Reason, bool ParentSaysSchoolTold, Staff RecordedBy);

/// <summary>One guest expected at a provision session: their mark there, and whether their parents were called.</summary>
[GenerateSerializer, Immutable]
public sealed record GuestLine(Guest Guest, Session Session, RegisterEntry? Mark, bool CallRaised);

/// <summary>A provision's register for a day: every guest expected at each of its sessions.</summary>
[GenerateSerializer, Immutable]
public sealed record ProvisionDay(string ProvisionId, string Name, DateOnly Date, IReadOnlyList<GuestLine> Lines);

/// <summary>
/// One guest across both settings: the provision's register and figures, and the referring school's summary, whose
/// attendance already counts the provision (attended as the agreement code, absent as the school records it), so
/// persistent absence there is measured across both.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record GuestView(
    Guest Guest,
    string ProvisionName,
    IReadOnlyList<RegisterEntry> ProvisionMarks,
    int ProvisionSessionsAttended,
    int ProvisionSessionsMissed,
    PupilSummary? AtSchool,
    bool? PersistentlyAbsent);
