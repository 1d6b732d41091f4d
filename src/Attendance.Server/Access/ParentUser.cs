using System.Security.Claims;
using Attendance.Grains.Abstractions;

namespace Attendance.Server.Access;

/// <summary>
/// A parent or carer signed in: the <c>role</c> claim <c>parent</c>, their <c>name</c>, the <c>email</c> the identity
/// provider has verified (<c>email_verified: true</c>) and the provider's <c>sub</c>. The e-mail is what links them to
/// their children (the schools hold it on the pupils' contacts, roster column <c>Contact1Email</c>…); the first
/// account to use it keeps it (<see cref="Subject"/>), so another account claiming the same address later is not let
/// in. A parent has none of the staff capabilities.
/// </summary>
/// <param name="Subject">The provider's account: its issuer and <c>sub</c>.</param>
public sealed record ParentUser(string Name, string Email, string? Subject = null)
{
    public const string Role = "parent";
    public const string EmailClaim = "email";
    public const string EmailVerifiedClaim = "email_verified";
    public const string SubjectClaim = "sub";

    public static ParentUser? From(ClaimsPrincipal principal) =>
        IsParent(principal)
        && principal.FindFirst(EmailClaim)?.Value is { Length: > 0 } email
        && string.Equals(principal.FindFirst(EmailVerifiedClaim)?.Value, "true", StringComparison.OrdinalIgnoreCase)
        && principal.FindFirst(SubjectClaim) is { Value.Length: > 0 } subject
            ? new ParentUser(principal.FindFirst(StaffUser.ClaimNames.Name)?.Value ?? email, email, $"{subject.Issuer}|{subject.Value}")
            : null;

    /// <summary>Why a parent the provider signed in cannot use the parents' pages, or null.</summary>
    public static string? Refusal(ClaimsPrincipal principal) =>
        IsParent(principal) && From(principal) is null
            ? "Your sign-in did not confirm your e-mail address, and a child is linked to a parent by a confirmed address. Confirm your e-mail address with the sign-in service (or ask the school for another way to sign in)."
            : null;

    private static bool IsParent(ClaimsPrincipal principal) => principal.FindAll(StaffUser.ClaimNames.Role).Any(c => c.Value == Role);

    public Parent AsParent() => new(Name, Email);

    /// <summary>The claims a development token carries for this parent (a verified e-mail; the subject from the e-mail).</summary>
    public IEnumerable<Claim> Claims() =>
    [
        new(StaffUser.ClaimNames.Name, Name), new(StaffUser.ClaimNames.Role, Role), new(EmailClaim, Email),
        new(EmailVerifiedClaim, "true", ClaimValueTypes.Boolean), new(SubjectClaim, Subject ?? Email.ToLowerInvariant()),
    ];
}
