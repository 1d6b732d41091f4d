using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>What a class needs to know to take its register.</summary>
/// <param name="PolicyVersion">The version of the school's policy in force, passed to pupils with each mark.</param>
/// <param name="TeacherCodes">The policy's teacher codes (<see cref="AttendancePolicy.TeacherCodes"/>); null in a setup
/// stored before they were part of it, read as the national default until the school next configures its classes.</param>
[GenerateSerializer, Immutable]
public sealed record ClassSetup(string SchoolId, RegistrationGroup Group, SchoolSettings Settings, IReadOnlyList<ClassMember> Members, long PolicyVersion, IReadOnlyList<string>? TeacherCodes = null);

/// <param name="Name">The name staff use (preferred names where the school holds them).</param>
/// <param name="AtProvision">Set for a guest pupil: the sessions they spend at a provision, which marks them there.</param>
/// <param name="LegalName">The name on the admission register, shown beside the preferred one.</param>
[GenerateSerializer, Immutable]
/// <param name="Roll">The periods the pupil is on roll, from the admission register; null for a pupil on roll throughout (no admission recorded).</param>
public sealed record ClassMember(string Upn, string Name, ProvisionPlacement? AtProvision = null, string? LegalName = null, PupilFlags? Flags = null, IReadOnlyList<RollPeriod>? Roll = null)
{
    public bool ExpectedAtProvision(Session session) => AtProvision?.Schedule.Includes(session) == true;

    /// <summary>Whether the pupil is on the school's roll on <paramref name="day"/>: only then does the class register have a line for them.</summary>
    public bool OnRollOn(DateOnly day) => RollPeriod.OnRoll(Roll, day);
}
