using Attendance.Grains.Abstractions;
using Attendance.Server.Screens;

namespace Attendance.Server.Access;

/// <summary>The kinds of pupil data a reader may receive (docs/API.md, "What each role sees of a pupil").</summary>
[Flags]
public enum PupilFields
{
    None = 0,

    /// <summary>UPN, legal and preferred names, date of birth, year group, class, entry date; marks and figures.</summary>
    Identity = 1,

    /// <summary>What shapes teaching: SEND and pupil premium.</summary>
    TeachingNeeds = 2,

    /// <summary>Parents' and carers' names, relationships, phone numbers and e-mail addresses.</summary>
    Contacts = 4,

    /// <summary>Whether the pupil has a social worker or is vulnerable: for those who make the same-day calls.</summary>
    Welfare = 8,

    /// <summary>The census characteristics: sex, ethnicity, free school meals, SEN provision, looked after, child in need or protection plan.</summary>
    Characteristics = 16,
}

/// <summary>
/// The one role-aware projection of pupil data: every endpoint and hub message that carries a pupil's details passes
/// them through here, so a reader receives only what their role at that school may see, whatever the screen shows.
/// A hidden flag is sent as not set (and the API writes only set flags, <see cref="Api.PupilFlagsJsonConverter"/>), a
/// hidden list of contacts as empty, hidden characteristics as absent.
/// </summary>
public sealed record PupilProjection(PupilFields Fields)
{
    /// <summary>The table in docs/API.md: what each role receives of a pupil it may see at all.</summary>
    public static readonly IReadOnlyDictionary<StaffRole, PupilFields> ByRole = new Dictionary<StaffRole, PupilFields>
    {
        [StaffRole.Teacher] = PupilFields.Identity | PupilFields.TeachingNeeds,
        [StaffRole.AttendanceOfficer] = PupilFields.Identity | PupilFields.TeachingNeeds | PupilFields.Contacts | PupilFields.Welfare,
        [StaffRole.AttendanceLead] = All,
        [StaffRole.SeniorLeader] = All,
        [StaffRole.TrustLeader] = All,
        [StaffRole.ProvisionStaff] = PupilFields.Identity | PupilFields.TeachingNeeds | PupilFields.Contacts | PupilFields.Welfare,
        [StaffRole.HeadOfYear] = PupilFields.Identity | PupilFields.TeachingNeeds | PupilFields.Contacts | PupilFields.Welfare,
    };

    private const PupilFields All = PupilFields.Identity | PupilFields.TeachingNeeds | PupilFields.Contacts | PupilFields.Welfare | PupilFields.Characteristics;

    /// <summary>What the user receives about a pupil of this school: the union of what their roles there allow.</summary>
    public static PupilProjection AtSchool(StaffUser user, string schoolId) =>
        Of(user, role => role == StaffRole.TrustLeader || (role != StaffRole.ProvisionStaff && user.Schools.Contains(schoolId)));

    /// <summary>What the user receives about a guest of this provision.</summary>
    public static PupilProjection AtProvision(StaffUser user, string provisionId) =>
        Of(user, role => role == StaffRole.TrustLeader || (role == StaffRole.ProvisionStaff && user.Provisions.Contains(provisionId)));

    /// <summary>What every member of a hub group may receive: the group is for the roles with these capabilities.</summary>
    public static PupilProjection ForEveryoneWith(params Capability[] capabilities) =>
        new(capabilities.SelectMany(AccessRules.RolesWith).Aggregate(All, (fields, role) => fields & ByRole[role]));

    private static PupilProjection Of(StaffUser user, Func<StaffRole, bool> appliesHere) =>
        new(user.Roles.Where(appliesHere).Aggregate(PupilFields.None, (fields, role) => fields | ByRole[role]));

    public bool Sees(PupilFields fields) => (Fields & fields) == fields;

    public PupilFlags Apply(PupilFlags flags) => new(
        flags.PupilPremium && Sees(PupilFields.TeachingNeeds),
        flags.Send && Sees(PupilFields.TeachingNeeds),
        flags.HasSocialWorker && Sees(PupilFields.Welfare),
        flags.Vulnerable && Sees(PupilFields.Welfare));

    public IReadOnlyList<Contact> Apply(IReadOnlyList<Contact> contacts) => Sees(PupilFields.Contacts) ? contacts : [];

    public PupilDetails Apply(PupilDetails pupil) => pupil with
    {
        Flags = Apply(pupil.Flags),
        Contacts = Apply(pupil.Contacts),
        Characteristics = Sees(PupilFields.Characteristics) ? pupil.Characteristics : null,
    };

    public PupilSummary Apply(PupilSummary summary) => summary with { Pupil = Apply(summary.Pupil) };

    public ClassRegister Apply(ClassRegister register) => register with
    {
        Lines = [.. register.Lines.Select(line => line with { Flags = line.Flags is { } flags ? Apply(flags) : null })],
    };

    /// <summary>Who is on site: names and classes (identity); who collected a pupil signed out is their contact's.</summary>
    public SiteNow Apply(SiteNow site) => Sees(PupilFields.Identity)
        ? site with { Pupils = [.. site.Pupils.Select(p => p.SignedOut is { } signedOut ? p with { SignedOut = Apply(signedOut) } : p)] }
        : site with { Pupils = [] };

    public IReadOnlyList<SignOutRecord> Apply(IReadOnlyList<SignOutRecord> book) => Sees(PupilFields.Identity) ? [.. book.Select(Apply)] : [];

    private SignOutRecord Apply(SignOutRecord signOut) => Sees(PupilFields.Contacts) ? signOut : signOut with { CollectedBy = "" };

    /// <summary>A roll call's lines carry names and classes only (identity).</summary>
    public RollCall Apply(RollCall rollCall) => Sees(PupilFields.Identity) ? rollCall : rollCall with { Lines = [] };

    /// <summary>One line of a roll call (a pupil accounted for): the pupil's name is hidden from a reader without identity.</summary>
    public RollCallLine Apply(RollCallLine line) => Sees(PupilFields.Identity) ? line : line with { Name = "" };

    /// <summary>A lesson register carries pupils' identity and marks only: every role that may open one sees those.</summary>
    public LessonRegister Apply(LessonRegister register) => Sees(PupilFields.Identity) ? register : register with { Lines = [] };

    public FollowUpTask Apply(FollowUpTask task) => task with { Flags = Apply(task.Flags), Contacts = Apply(task.Contacts) };

    public IReadOnlyList<FollowUpTask> Apply(IReadOnlyList<FollowUpTask> tasks) => [.. tasks.Select(Apply)];

    public Guest Apply(Guest guest) => guest with { Flags = Apply(guest.Flags), Contacts = Apply(guest.Contacts) };

    public IReadOnlyList<Guest> Apply(IReadOnlyList<Guest> guests) => [.. guests.Select(Apply)];

    public ProvisionDay Apply(ProvisionDay day) => day with { Lines = [.. day.Lines.Select(line => line with { Guest = Apply(line.Guest) })] };

    public GuestView Apply(GuestView guest) => guest with { Guest = Apply(guest.Guest), AtSchool = guest.AtSchool is { } summary ? Apply(summary) : null };

    public PupilYear Apply(PupilYear year) => year with { Pupil = Apply(year.Pupil), Tasks = year.Tasks is { } tasks ? Apply(tasks) : null };
}
