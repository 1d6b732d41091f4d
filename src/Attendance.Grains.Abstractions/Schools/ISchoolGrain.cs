using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>A school: its settings, its calendar and its roster (which class each pupil is registered in).</summary>
public interface ISchoolGrain : IGrainWithStringKey
{
    /// <summary>Creates the school or changes its settings, or refuses them with every problem found.</summary>
    Task<Outcome> Configure(SchoolSettings settings);

    [ReadOnly]
    Task<SchoolSettings?> GetSettings();

    /// <summary>The policy in force: the school's own, or the trust's. Null if the school does not exist.</summary>
    [ReadOnly]
    Task<PolicyInForce?> GetPolicy();

    /// <summary>Sets the school's own policy, or with null goes back to the trust's. Refused with every problem found.</summary>
    Task<Outcome> SetPolicy(AttendancePolicy? policy);

    /// <summary>Called by the trust when its policy changes, with the new policy (the school does not call back to read it).</summary>
    Task TrustPolicyChanged(AttendancePolicy policy);

    /// <summary>
    /// Adds or updates classes and pupils, and admits the new ones (the admission register; <paramref name="by"/>
    /// recorded as who admitted them). Refused whole, with the problems, if any row is invalid.
    /// </summary>
    Task<Outcome<RosterImportResult>> ImportRoster(Roster roster, Staff? by = null);

    /// <summary>
    /// Changes a parent's phone number or e-mail address (the contact holding <paramref name="email"/>) on this pupil
    /// and on every other pupil of the school they are a contact of, nothing else: a parent's own change the office
    /// approved. The parents' accounts follow a new address. Null when the pupil has no such contact (any more).
    /// </summary>
    Task<PupilDetails?> ChangeContact(string upn, string email, string? phone, string? newEmail);

    /// <summary>
    /// A deletion (with its ground) or a readmission of a pupil the school knows, by the office: the line in the
    /// admission register (<see cref="IAdmissionRegisterGrain.Record"/>), the local authority's return as a follow-up
    /// task, and the pupil's class learns the days they are on roll. The same line sent again is answered with the line
    /// already made and finishes what a failure interrupted. Refused for an unknown school or pupil, or a line the
    /// register cannot take.
    /// </summary>
    Task<Outcome<AdmissionEntry>> RecordAdmission(AdmissionEntry entry);

    /// <summary>
    /// What ending the current school year would do (<see cref="EndYear"/>), with what stops it yet; changes nothing.
    /// </summary>
    /// <param name="finalYearGroup">The year group that leaves; the oldest on roll when null.</param>
    [ReadOnly]
    Task<Outcome<YearEndPlan>> PreviewYearEnd(string? finalYearGroup);

    /// <summary>
    /// Ends the school year, once, from its last day: every pupil moves up a year group, the final year group's names
    /// are deleted on the last day, this year's band and stage alerts are resolved as "new year" (their history kept),
    /// and casework and penalty-notice decisions carry on. Done again, it answers what was done and finishes anything
    /// a failure interrupted. Refused (<see cref="RejectionReason.YearEndNotReady"/>) before the last day or without
    /// next year's calendar.
    /// </summary>
    Task<Outcome<YearEndPlan>> EndYear(string? finalYearGroup, Staff by);

    /// <summary>What <see cref="ImportRoster"/> would change, or its problems; changes nothing.</summary>
    [ReadOnly]
    Task<Outcome<RosterPreview>> PreviewRoster(Roster roster);

    [ReadOnly]
    Task<IReadOnlyList<RegistrationGroup>> GetClasses();

    /// <summary>Every pupil on roll, by surname, for finding a pupil by name or UPN.</summary>
    [ReadOnly]
    Task<IReadOnlyList<PupilListing>> GetPupils();

    /// <summary>
    /// Records that a pupil on roll here is a guest at a provision, so their class expects the provision to mark
    /// them for those sessions. Returns the pupil, or null when not on roll here (nothing changes).
    /// </summary>
    Task<PupilDetails?> PlaceGuest(string upn, ProvisionPlacement placement);

    /// <summary>The class a pupil is registered in, or null if the pupil is not on roll here.</summary>
    [ReadOnly]
    Task<string?> FindClassOf(string upn);

    /// <summary>The class of every pupil the school has had (leavers too, whose past sessions can still be amended), by UPN.</summary>
    [ReadOnly]
    Task<IReadOnlyDictionary<string, string>> GetClassOfEachPupil();

    /// <summary>
    /// Compares a session, once its registers have closed, with the school's usual for that weekday and raises a
    /// school-level alert when it is well below (policy: <see cref="AttendancePolicy.SchoolDropPoints"/>).
    /// </summary>
    [OneWay]
    Task CheckAgainstUsual(Session session);

    /// <summary>Every class's register status for the current (or most recent) session today.</summary>
    Task<SchoolStatus?> GetLiveStatus();
}
