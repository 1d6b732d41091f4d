using System.Security.Claims;
using Attendance.Domain;

namespace Attendance.Server.Access;

/// <summary>
/// The signed-in member of staff as the token describes them: name, roles, and the schools, registration groups and
/// provisions their roles apply to, and a teacher's staff code on the lesson timetable. Marks and decisions are
/// recorded under this name and position, never under a name sent in a request body.
/// </summary>
public sealed record StaffUser(
    string Name,
    string? Position,
    IReadOnlySet<StaffRole> Roles,
    IReadOnlySet<string> Schools,
    IReadOnlySet<string> Groups,
    IReadOnlySet<string> Provisions)
{
    /// <summary>The teacher's code on the school's lesson timetable (the <c>staff</c> claim, e.g. KHA): whose lessons are theirs.</summary>
    public string? StaffCode { get; init; }

    public static class ClaimNames
    {
        public const string Name = "name";
        public const string Role = "role";
        public const string Position = "position";
        public const string School = "school";
        public const string Group = "group";
        public const string Provision = "provision";
        public const string StaffCode = "staff";
    }

    public static StaffUser Of(string name, string? position, StaffRole[] roles, string[]? schools = null, string[]? groups = null, string[]? provisions = null, string? staffCode = null) =>
        new(name, position, roles.ToHashSet(), (schools ?? []).ToHashSet(), (groups ?? []).ToHashSet(), (provisions ?? []).ToHashSet()) { StaffCode = staffCode };

    public static StaffUser From(ClaimsPrincipal principal)
    {
        HashSet<string> Values(string type) => [.. principal.FindAll(type).Select(c => c.Value)];
        var roles = new HashSet<StaffRole>();
        foreach (var claim in principal.FindAll(ClaimNames.Role))
        {
            if (StaffRoles.TryParse(claim.Value, out var role))
            {
                roles.Add(role);
            }
        }

        return new(
            principal.FindFirst(ClaimNames.Name)?.Value ?? principal.Identity?.Name ?? "Unknown",
            principal.FindFirst(ClaimNames.Position)?.Value,
            roles,
            Values(ClaimNames.School),
            Values(ClaimNames.Group),
            Values(ClaimNames.Provision))
        {
            StaffCode = principal.FindFirst(ClaimNames.StaffCode)?.Value,
        };
    }

    public bool Has(StaffRole role) => Roles.Contains(role);

    /// <summary>Who made an entry, as the register records it: the name, and the position (or the first role's).</summary>
    public Staff AsStaff() => new(Name, Position ?? Roles.Order().Select(r => r.Position()).FirstOrDefault() ?? "Staff");

    public IEnumerable<Claim> Claims() =>
    [
        new(ClaimNames.Name, Name),
        .. Position is null ? Array.Empty<Claim>() : [new Claim(ClaimNames.Position, Position)],
        .. Roles.Select(r => new Claim(ClaimNames.Role, r.ClaimValue())),
        .. Schools.Select(s => new Claim(ClaimNames.School, s)),
        .. Groups.Select(g => new Claim(ClaimNames.Group, g)),
        .. Provisions.Select(p => new Claim(ClaimNames.Provision, p)),
        .. StaffCode is null ? Array.Empty<Claim>() : [new Claim(ClaimNames.StaffCode, StaffCode)],
    ];
}

public static class StaffClaims
{
    /// <summary>The signed-in user as the register records them.</summary>
    public static Staff Staff(this ClaimsPrincipal principal) => StaffUser.From(principal).AsStaff();
}
