using Attendance.Server.Access;
using Attendance.Server.Screens;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>The pages' menu comes from the access rules on the server: each person's start page is one of their pages.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class MenuTests
{
    public static TheoryData<string> Users => [.. DevelopmentSignIn.Users.Keys];

    [Theory]
    [MemberData(nameof(Users))]
    public void Each_persons_start_page_is_in_their_menu_and_every_page_is_one_they_may_open(string id)
    {
        var user = DevelopmentSignIn.Users[id];
        foreach (var lessons in new[] { false, true })
        {
            var pages = Pages.For(user, lessons).Select(p => p.Href).ToList();
            Assert.Contains(StartPage.For(user), pages);
            Assert.Equal(pages.Count, pages.Distinct().Count());
        }
    }
}
