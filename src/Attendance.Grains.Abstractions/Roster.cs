namespace Attendance.Grains.Abstractions;

/// <summary>Someone to call about a pupil. Contacts are held in priority order: parents first, then emergency contacts.</summary>
[GenerateSerializer, Immutable]
public sealed record Contact(string Name, string Relationship, string Phone);

[GenerateSerializer, Immutable]
public sealed record PupilFlags(bool PupilPremium = false, bool Send = false, bool HasSocialWorker = false, bool Vulnerable = false);

/// <summary>A pupil on roll, as the school's MIS exports them.</summary>
/// <param name="Upn">Unique pupil number: 13 characters, a letter then 11 digits then a digit or letter (temporary UPN).</param>
/// <param name="RegistrationGroup">The id of the class the pupil is registered in.</param>
[GenerateSerializer, Immutable]
public sealed record PupilDetails(
    string Upn,
    string LegalForename,
    string LegalSurname,
    string? PreferredForename,
    string? PreferredSurname,
    DateOnly DateOfBirth,
    string YearGroup,
    string RegistrationGroup,
    PupilFlags Flags,
    IReadOnlyList<Contact> Contacts)
{
    /// <summary>The name staff use: preferred names where the school holds them.</summary>
    public string DisplayName => $"{PreferredForename ?? LegalForename} {PreferredSurname ?? LegalSurname}";

    /// <summary>Value equality including the contacts, so a re-import of the same row is seen as unchanged.</summary>
    public bool Equals(PupilDetails? other) =>
        other is not null
        && (Upn, LegalForename, LegalSurname, PreferredForename, PreferredSurname, DateOfBirth, YearGroup, RegistrationGroup, Flags)
            == (other.Upn, other.LegalForename, other.LegalSurname, other.PreferredForename, other.PreferredSurname, other.DateOfBirth, other.YearGroup, other.RegistrationGroup, other.Flags)
        && Contacts.SequenceEqual(other.Contacts);

    public override int GetHashCode() => HashCode.Combine(Upn, LegalSurname, DateOfBirth, RegistrationGroup);
}

/// <summary>A registration group (class or form) and the phase whose register times it follows (e.g. EYFS, KS1, KS2).</summary>
[GenerateSerializer, Immutable]
public sealed record RegistrationGroup(string Id, string Name, string? Phase = null);

/// <summary>A roster import: classes and pupils. Importing again updates what is there; it never duplicates.</summary>
[GenerateSerializer, Immutable]
public sealed record Roster(IReadOnlyList<RegistrationGroup> Classes, IReadOnlyList<PupilDetails> Pupils);

[GenerateSerializer, Immutable]
public sealed record RosterImportResult(int ClassesAdded, int ClassesUpdated, int PupilsAdded, int PupilsUpdated, int PupilsMoved);
