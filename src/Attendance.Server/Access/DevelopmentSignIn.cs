using System.Security.Cryptography;
using Attendance.Server.Demo;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static Attendance.Server.Access.StaffRole;

namespace Attendance.Server.Access;

/// <summary>
/// FOR DEVELOPMENT ONLY: issues tokens for seeded users without a password, so the embedded default can be tried
/// in every role. Off whenever an identity provider is configured.
/// </summary>
public sealed class DevelopmentSignIn
{
    public const string Issuer = "attendance-development-sign-in";
    public const string Audience = "attendance-api";

    private readonly SigningCredentials credentials;
    private readonly TimeSpan lifetime;
    private readonly TimeProvider clock;

    public DevelopmentSignIn(IOptions<SignInOptions> options, TimeProvider clock)
    {
        var development = options.Value.Development;
        Key = new SymmetricSecurityKey(development.SigningKey is { Length: > 0 } key ? Convert.FromBase64String(key) : RandomNumberGenerator.GetBytes(32));
        credentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256);
        lifetime = development.TokenLifetime;
        this.clock = clock;
    }

    public SymmetricSecurityKey Key { get; }

    /// <summary>The demo trust's staff, one or more per role.</summary>
    public static IReadOnlyDictionary<string, StaffUser> Users { get; } = new Dictionary<string, StaffUser>
    {
        ["teacher"] = StaffUser.Of("Ms Patel", "Class teacher, Year 3 Oak", [Teacher], schools: [DemoSchool.Id], groups: ["3O"]),
        ["office"] = StaffUser.Of("Mr Jones", "Attendance officer", [AttendanceOfficer], schools: [DemoSchool.Id]),
        ["lead"] = StaffUser.Of("Mrs Okafor", "Attendance lead", [AttendanceLead], schools: [DemoSchool.Id]),
        ["senior"] = StaffUser.Of("Dr Hughes", "Headteacher", [SeniorLeader], schools: [DemoSchool.Id]),
        ["teacher-lessons"] = StaffUser.Of("Mr Khan", "Teacher of maths, Year 9 Cam tutor", [Teacher], schools: [DemoSecondary.Id], groups: ["9C"], staffCode: DemoSecondary.MathsTeacher),
        ["northgate-lead"] = StaffUser.Of("Ms Osei", "Attendance lead", [AttendanceLead, SeniorLeader], schools: [DemoSecondary.Id]),
        ["northgate-year9"] = StaffUser.Of("Mr Adeyemi", "Head of Year 9", [HeadOfYear], schools: [DemoSecondary.Id], groups: DemoSecondary.FormsOf("9")),
        ["riverside-lead"] = StaffUser.Of("Mr Evans", "Attendance lead", [AttendanceLead], schools: [DemoSchool.RiversideId]),
        ["trust"] = StaffUser.Of("Ms Clarke", "Trust director of attendance", [TrustLeader]),
        ["provision"] = StaffUser.Of("Sam Reid", "Keyworker, The Bridge", [ProvisionStaff], provisions: [DemoProvision.Id]),
    };

    /// <summary>The demo trust's parents: Mrs Ahmed has a child at each demo school, Mr Green one at Oakfield.</summary>
    public static IReadOnlyDictionary<string, ParentUser> Parents { get; } = new Dictionary<string, ParentUser>
    {
        ["parent"] = new("Mrs Ahmed", DemoFamilies.AhmedEmail),
        ["parent-green"] = new("Mr Green", DemoFamilies.GreenEmail),
    };

    public string Issue(StaffUser user) => Issue(user.Claims());

    public string Issue(ParentUser parent) => Issue(parent.Claims());

    /// <summary>A token with exactly these claims (tests build accounts the seeded users are not).</summary>
    public string Issue(IEnumerable<System.Security.Claims.Claim> claims)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new System.Security.Claims.ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = credentials,
        });
    }
}
