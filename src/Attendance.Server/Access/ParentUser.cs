using System.Security.Claims;
using Attendance.Grains.Abstractions;

namespace Attendance.Server.Access;

/// <summary>
/// A parent or carer signed in: the <c>role</c> claim <c>parent</c>, their <c>name</c> and the <c>email</c> the
/// identity provider verified. The e-mail is what links them to their children: the schools hold it on the pupils'
/// contacts (roster column <c>Contact1Email</c>…). A parent has none of the staff capabilities.
/// </summary>
public sealed record ParentUser(string Name, string Email)
{
    public const string Role = "parent";
    public const string EmailClaim = "email";

    public static ParentUser? From(ClaimsPrincipal principal) =>
        principal.FindAll(StaffUser.ClaimNames.Role).Any(c => c.Value == Role)
        && principal.FindFirst(EmailClaim)?.Value is { Length: > 0 } email
            ? new ParentUser(principal.FindFirst(StaffUser.ClaimNames.Name)?.Value ?? email, email)
            : null;

    public Parent AsParent() => new(Name, Email);

    public IEnumerable<Claim> Claims() =>
        [new(StaffUser.ClaimNames.Name, Name), new(StaffUser.ClaimNames.Role, Role), new(EmailClaim, Email)];
}
