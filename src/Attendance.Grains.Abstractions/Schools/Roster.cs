namespace Attendance.Grains.Abstractions;

/// <summary>Someone to call about a pupil. Contacts are held in priority order: parents first, then emergency contacts.</summary>
/// <param name="Email">Where messages home go, and what links a parent's account to the pupil (the identity provider's e-mail claim).</param>
[GenerateSerializer, Immutable]
public sealed record Contact(string Name, string Relationship, string Phone, string? Email = null)
{
    /// <summary>Whether this contact's address is <paramref name="email"/>, compared as parents' accounts are: without case.</summary>
    public bool HasEmail(string email) => string.Equals(Email?.Trim(), email, StringComparison.OrdinalIgnoreCase);
}

[GenerateSerializer, Immutable]
public sealed record PupilFlags(bool PupilPremium = false, bool Send = false, bool HasSocialWorker = false, bool Vulnerable = false);

/// <summary>Sex as the school census records it (F, M).</summary>
public enum Sex
{
    Female = 1,
    Male = 2,
}

/// <summary>Special educational needs provision as the school census codes it: N, K (SEN support), E (education, health and care plan).</summary>
public enum SenProvision
{
    None = 0,
    SenSupport = 1,
    EhcPlan = 2,
}

/// <summary>Children's social care status where the school holds it: a child in need, or on a child protection plan.</summary>
public enum SocialCareStatus
{
    None = 0,
    ChildInNeed = 1,
    ChildProtectionPlan = 2,
}

/// <summary>
/// The characteristics the DfE's daily attendance data and the school census carry for each pupil (issue 16). Held
/// for returns and for analytics by group; never shown on registers or to parents.
/// </summary>
/// <param name="Ethnicity">The DfE's ethnicity code (four letters, e.g. WBRI, or REFU where the family declined).</param>
/// <param name="FreeSchoolMeals">Eligible for free school meals.</param>
[GenerateSerializer, Immutable]
public sealed record PupilCharacteristics(
    Sex? Sex = null,
    string? Ethnicity = null,
    bool FreeSchoolMeals = false,
    SenProvision SenProvision = SenProvision.None,
    bool LookedAfter = false,
    bool PreviouslyLookedAfter = false,
    SocialCareStatus SocialCare = SocialCareStatus.None)
{
    public const string SexCodes = "F, M";

    public static string? CodeOf(Sex? sex) => sex switch { Abstractions.Sex.Female => "F", Abstractions.Sex.Male => "M", _ => null };

    public static string CodeOf(SenProvision sen) => sen switch { SenProvision.SenSupport => "K", SenProvision.EhcPlan => "E", _ => "N" };

    public static string? CodeOf(SocialCareStatus status) => status switch { SocialCareStatus.ChildInNeed => "CIN", SocialCareStatus.ChildProtectionPlan => "CPP", _ => null };
}

/// <summary>A pupil on roll, as the school's MIS exports them.</summary>
/// <param name="Upn">Unique pupil number: 13 characters, a letter then 11 digits then a digit or letter (temporary UPN).</param>
/// <param name="RegistrationGroup">The id of the class the pupil is registered in.</param>
/// <param name="EntryDate">The pupil's starting day at the school, as the MIS holds it: their admission in the admission register when the roster brings them in.</param>
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
    IReadOnlyList<Contact> Contacts,
    PupilCharacteristics? Characteristics = null,
    DateOnly? EntryDate = null)
{
    /// <summary>The name staff use: preferred names where the school holds them.</summary>
    public string DisplayName => $"{PreferredForename ?? LegalForename} {PreferredSurname ?? LegalSurname}";

    /// <summary>The name on the admission register.</summary>
    public string LegalName => $"{LegalForename} {LegalSurname}";

    /// <summary>Value equality including the contacts, so a re-import of the same row is seen as unchanged.</summary>
    public bool Equals(PupilDetails? other) =>
        other is not null
        && (Upn, LegalForename, LegalSurname, PreferredForename, PreferredSurname, DateOfBirth, YearGroup, RegistrationGroup, Flags)
            == (other.Upn, other.LegalForename, other.LegalSurname, other.PreferredForename, other.PreferredSurname, other.DateOfBirth, other.YearGroup, other.RegistrationGroup, other.Flags)
        && Contacts.SequenceEqual(other.Contacts)
        && Equals(Characteristics, other.Characteristics)
        && EntryDate == other.EntryDate;

    public override int GetHashCode() => HashCode.Combine(Upn, LegalSurname, DateOfBirth, RegistrationGroup);
}

/// <summary>A registration group (class or form) and the phase whose register times it follows (e.g. EYFS, KS1, KS2).</summary>
[GenerateSerializer, Immutable]
public sealed record RegistrationGroup(string Id, string Name, string? Phase = null);

/// <summary>A roster import: classes and pupils. Importing again updates what is there; it never duplicates.</summary>
/// <param name="Lines">For a file: the line each pupil came from, so problems name the line the school can find.</param>
[GenerateSerializer, Immutable]
public sealed record Roster(IReadOnlyList<RegistrationGroup> Classes, IReadOnlyList<PupilDetails> Pupils, IReadOnlyList<int>? Lines = null)
{
    /// <summary>How a problem names pupil row <paramref name="row"/> (from 1): its file line when known.</summary>
    public string PupilRow(int row) => Lines is { } lines && row <= lines.Count ? $"Line {lines[row - 1]}" : $"Pupil {row}";
}

[GenerateSerializer, Immutable]
public sealed record RosterImportResult(int ClassesAdded, int ClassesUpdated, int PupilsAdded, int PupilsUpdated, int PupilsMoved);

/// <summary>A pupil in a roster preview, and the class they would leave when moved.</summary>
[GenerateSerializer, Immutable]
public sealed record RosterPupilChange(string Upn, string Name, string ClassId, string? FromClassId = null);

/// <summary>What importing a roster would change, worked out without changing anything.</summary>
[GenerateSerializer, Immutable]
public sealed record RosterPreview(
    RosterImportResult Counts,
    IReadOnlyList<RegistrationGroup> ClassesAdded,
    IReadOnlyList<RegistrationGroup> ClassesUpdated,
    IReadOnlyList<RosterPupilChange> PupilsAdded,
    IReadOnlyList<RosterPupilChange> PupilsUpdated,
    IReadOnlyList<RosterPupilChange> PupilsMoved,
    int Unchanged);

/// <summary>A pupil on roll, as a search list shows them.</summary>
[GenerateSerializer, Immutable]
public sealed record PupilListing(string Upn, string Name, string LegalName, string ClassId, string YearGroup);
