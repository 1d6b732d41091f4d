using Attendance.Server.Access;

namespace Attendance.Server.Screens;

/// <summary>A page of the menu: where it is and what it is called.</summary>
public sealed record PageLink(string Href, string Title);

/// <summary>
/// The pages each user may open, in the order of their morning: the one place the menu is decided, from the access
/// rules (the pages only show what <c>GET /api/me</c> lists). A page is listed when the user has its capability at
/// their first school (a trust leader: the trust's page; provision staff: their provision's).
/// </summary>
public static class Pages
{
    /// <param name="lessons">The user's first school has a lesson timetable (a secondary school): its lesson pages are listed.</param>
    public static IReadOnlyList<PageLink> For(StaffUser user, bool lessons = false)
    {
        var pages = new List<PageLink>();
        if (user.Schools.Order().FirstOrDefault() is { } school)
        {
            var at = $"?school={Uri.EscapeDataString(school)}";
            bool May(Capability capability) => AccessRules.Allows(user, capability, school);
            // A class teacher's registers, or a subject teacher's lessons (known on the timetable by their staff code).
            if (user.Groups.Any(group => AccessRules.Allows(user, Capability.TakeRegister, school, group))
                || (lessons && user.StaffCode is not null && user.Has(StaffRole.Teacher) && May(Capability.SchoolInfo)))
            {
                pages.Add(new($"registers.html{at}", "My registers"));
            }

            foreach (var (capability, page, title) in SchoolPages.Where(p => May(p.Capability) && (lessons || p.Page != LessonsNow)).DistinctBy(p => p.Page))
            {
                pages.Add(new($"{page}{at}", title));
            }
        }

        if (AccessRules.Allows(user, Capability.TrustAlerts, targetId: null))
        {
            pages.Add(new("trust.html", "All schools"));
        }

        if (user.Provisions.Order().FirstOrDefault(p => AccessRules.Allows(user, Capability.Provision, p)) is { } provision)
        {
            pages.Add(new($"provision.html?provision={Uri.EscapeDataString(provision)}", "Provision"));
        }

        return pages;
    }

    public static IReadOnlyList<PageLink> ForParent { get; } = [new("parent.html", "My children")];

    /// <summary>The capabilities the user has through any of their roles: what the pages show or hide (the server still decides each request).</summary>
    public static IReadOnlyList<string> Capabilities(StaffUser user) =>
        [.. Enum.GetValues<Capability>().Where(c => AccessRules.RolesWith(c).Any(user.Has)).Select(c => c.ToString())];

    private const string LessonsNow = "rooms.html";

    private static readonly (Capability Capability, string Page, string Title)[] SchoolPages =
    [
        (Capability.Amend, "office.html", "Office desk"),
        (Capability.ViewSchool, "dashboard.html", "Dashboard"),
        (Capability.Alerts, "dashboard.html", "Dashboard"), // a head of year's: their forms' alerts
        (Capability.ViewSchool, LessonsNow, "Lessons now"),
        (Capability.ViewSchool, "site.html", "On site now"),
        (Capability.RollCall, "rollcall.html", "Roll call"),
        (Capability.FollowUp, "requests.html", "Parents' requests"),
        (Capability.ExportRegister, "returns.html", "Returns"),
        (Capability.SchoolPolicy, "analytics.html", "Analytics"),
    ];
}
