using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Attendance.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Attendance.Server.Tests;

/// <summary>
/// Lessons in headless Chromium: a subject teacher takes a lesson register on a phone (offline too), the lead's
/// dashboard shows the truancy alert the moment it is raised, and "Lessons now" shows who is unaccounted for.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Browser)]
public class LessonScreenTests(ServerFixture fixture, Browser browser) : IClassFixture<ServerFixture>, IClassFixture<Browser>
{
    private AttendanceServer Server => fixture.Server;

    private static readonly DateTimeOffset Registration = new(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);

    /// <summary>A school whose morning register is taken (pupil 3 ill), at 09:45 in period 1.</summary>
    private async Task<SchoolApi> School()
    {
        Server.Clock.Now = Registration;
        var school = await (await new SchoolApi(Server.CreateClient()).CreateAsync()).WithTimetable();
        await SchoolApi.EnsureSuccess(await school.SubmitRegister("2026-11-10-AM", "/", "/", "I"));
        Server.Clock.Now = Registration.AddMinutes(35);
        return school;
    }

    private static ILocator Pupil(Screen screen, int n) => screen[$"li.pupil[data-upn='T00000000000{n}']"];

    [Fact]
    public async Task A_subject_teacher_takes_a_lesson_register_on_a_phone_and_changes_it_offline()
    {
        var school = await School();
        var screen = await Screen.Open(browser, Server, TestUsers.SubjectTeacher(school.Id, "KHA"), $"/registers.html?school={school.Id}", width: 390);
        var maths = screen["#lessons a[data-lesson='ma']"];
        await Expect(maths).ToContainTextAsync("Period 1 09:40–10:40");
        await Expect(maths).ToContainTextAsync("Maths (Year 3 Maths), room S12");
        await Expect(maths.Locator(".state")).ToHaveTextAsync("Not taken");
        await screen.AssertAccessible();
        await screen.Screenshots("my-lessons");

        await maths.ClickAsync();
        await Expect(screen["#lesson-name"]).ToHaveTextAsync("Period 1 Maths: Year 3 Maths");
        await Expect(Pupil(screen, 3).Locator(".elsewhere")).ToContainTextAsync("Not in school this session: Illness");
        await Expect(Pupil(screen, 3).Locator("button[data-presence='Absent']")).ToHaveAttributeAsync("aria-pressed", "true");
        await screen["#all-present"].ClickAsync();
        await Pupil(screen, 2).Locator("button[data-presence='Late']").ClickAsync();
        await Pupil(screen, 2).Locator("input[type=number]").FillAsync("12");
        await Pupil(screen, 2).Locator("input[type=number]").DispatchEventAsync("change");
        await Pupil(screen, 1).Locator("button[data-presence='Absent']").ClickAsync();
        await Expect(screen["#progress"]).ToHaveTextAsync("3 of 3 marked");
        await screen.AssertAccessible();
        await screen.Screenshots("lesson-register-taking");

        await screen["#submit"].ClickAsync();
        await Expect(screen["#register-state"]).ToContainTextAsync("Recorded by the school: taken by Mr Khan");
        var register = await Server.CreateClient().GetFromJsonAsync<JsonNode>(school.Url("/lessons/2026-11-10/ma"));
        Assert.Equal(["1:Absent:", "2:Late:12", "3:Absent:"], register!["register"]!["lines"]!.AsArray()
            .Select(l => $"{((string)l!["upn"]!)[^1]}:{l["mark"]!["presence"]}:{l["mark"]!["minutesLate"]}").Order());

        // Pupil 1 turns up; the Wi-Fi drops as the change is saved: it waits on the device, then is sent once.
        await screen.ServiceWorkerReady();
        await screen.NetworkCut(true);
        await Pupil(screen, 1).Locator("button[data-presence='Late']").ClickAsync();
        await screen["#submit"].ClickAsync();
        await Expect(screen["#register-state"]).ToContainTextAsync("Saved on this device, not sent yet");
        await screen.Screenshots("lesson-register-offline");
        await screen.NetworkCut(false);
        await screen.Page.EvaluateAsync("() => dispatchEvent(new Event('online'))");
        await Expect(screen["#register-state"]).ToContainTextAsync("Recorded by the school");
        await Expect(Pupil(screen, 1).Locator("button[data-presence='Late']")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(Pupil(screen, 1).Locator("input[type=number]")).ToHaveValueAsync("5"); // 09:45, five minutes into the lesson
        await screen.AssertAccessible();
        await screen.Screenshots("lesson-register-recorded");
    }

    [Fact]
    public async Task The_leads_dashboard_shows_a_truancy_alert_the_moment_the_lesson_register_is_taken_and_lessons_now_lists_the_pupil()
    {
        var school = await School();
        var lead = await Screen.Open(browser, Server, TestUsers.Lead(school.Id), $"/dashboard.html?school={school.Id}");
        await Expect(lead["#alert-count"]).ToHaveTextAsync("0");
        var head = await Screen.Open(browser, Server, TestUsers.HeadOfYear(school.Id, "3B"), $"/dashboard.html?school={school.Id}", width: 390);
        await Expect(head["#session"]).ToHaveTextAsync("Your forms: 3B");
        await Expect(head["#alert-count"]).ToHaveTextAsync("0");

        var khan = Server.ClientAs(TestUsers.SubjectTeacher(school.Id, "KHA"));
        await SchoolApi.EnsureSuccess(await khan.PostAsJsonAsync(school.Url("/lessons/2026-11-10/ma/register"), new
        {
            marks = new object[]
            {
                new { upn = "T000000000001", presence = "Absent" }, new { upn = "T000000000002", presence = "Present" }, new { upn = "T000000000003", presence = "Absent" },
            },
        }));

        var alert = lead["li.alert[data-alert-id='T000000000001-2026-11-10-AM-truancy']"];
        await Expect(alert.Locator(".summary")).ToContainTextAsync("Millie Smith (3B) was registered in school (/) but is missing from Period 1 Maths");
        await Expect(alert.Locator(".action")).ToContainTextAsync("Find the pupil now");
        await Expect(lead["#alert-count"]).ToHaveTextAsync("1");
        await lead.AssertAccessible();
        await lead.Screenshots("dashboard-truancy");

        // The head of year's dashboard is their forms' alerts: the same alert, live, and none of the school's figures.
        await Expect(head["li.alert[data-alert-id='T000000000001-2026-11-10-AM-truancy'] .summary"]).ToContainTextAsync("Millie Smith (3B)");
        await Expect(head["#alerts-title"]).ToHaveTextAsync("Alerts for your forms: 1");
        await Expect(head["#headline-title"]).ToBeHiddenAsync();
        await Expect(head["#tasks-title"]).ToBeHiddenAsync();
        await head.AssertAccessible();
        await head.Screenshots("dashboard-head-of-year");

        Server.Clock.Now = Registration.AddMinutes(45); // 09:55: games (not taken) is overdue
        var rooms = await Screen.Open(browser, Server, TestUsers.Senior(school.Id), $"/rooms.html?school={school.Id}");
        await Expect(rooms["#period"]).ToContainTextAsync("Period 1, 09:40–10:40");
        await Expect(rooms["#missing li"]).ToHaveTextAsync(["Millie Smith (3B): registered in school, absent from Maths in room S12"]);
        await Expect(rooms["#missing-summary"]).ToHaveTextAsync("1 pupil(s) unaccounted for; 1 register(s) overdue.");
        await Expect(rooms["#lessons tr"]).ToHaveCountAsync(2);
        await Expect(rooms["#lessons tr"].First).ToContainTextAsync("Overdue: not taken");
        await Expect(rooms["#lessons tr"].Last).ToContainTextAsync("1 present, 0 late, 2 absent");
        await Expect(rooms["#report-lines tr"]).ToHaveTextAsync(["Maths33.3%1 / 0 / 21"]);
        await Expect(rooms["#report-chart svg"]).ToBeVisibleAsync();
        await rooms["#by"].SelectOptionAsync("Pupil");
        await rooms["#report-form button[type=submit]"].ClickAsync();
        await Expect(rooms["#report-lines tr"]).ToHaveCountAsync(3);
        await Expect(rooms["#report-status"]).ToHaveTextAsync("3 line(s) by pupil.");
        await rooms.AssertAccessible();
        await rooms.Screenshots("lessons-now");

        // Following the pupil's link: where they should be now, and their lessons today.
        await rooms["#missing a"].ClickAsync();
        await Expect(rooms["#lesson-now"]).ToHaveTextAsync("Now (09:55): Period 1 Maths, room S12, with KHA: absent.");
        await Expect(rooms["#lessons-today li"]).ToHaveTextAsync(["Period 1 09:40–10:40: Maths, room S12: absent", "Period 2 10:40–11:40: English, room E4: register not taken yet"]);
        await rooms.AssertAccessible();
        await rooms.Page.SetViewportSizeAsync(390, 900);
        await rooms["#lessons-panel"].ScreenshotAsync(new() { Path = Path.Combine(DashboardPageTests.ScreenshotFolder, "pupil-lessons-panel-390.png") });
    }

    [Fact]
    public async Task The_office_previews_and_imports_a_timetable_from_the_mis_files_and_records_cover_on_a_phone()
    {
        Server.Clock.Now = Registration;
        var school = await new SchoolApi(Server.CreateClient()).CreateAsync();
        var screen = await Screen.Open(browser, Server, TestUsers.Officer(school.Id), $"/office.html?school={school.Id}", width: 390);
        await Expect(screen["#timetable-panel"]).ToBeVisibleAsync();
        FilePayload Csv(string name, string text) => new() { Name = $"{name}.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(text) };
        await screen["#timetable-periods"].SetInputFilesAsync(Csv("periods", "Period,Name,Starts,Ends\nP1,Period 1,09:40,10:40\nP2,Period 2,10:40,11:40\n"));
        await screen["#timetable-groups"].SetInputFilesAsync(Csv("groups", "Group,Name,Subject,UPN\n3-Ma,Year 3 Maths,Maths,T000000000001\n3-Ma,Year 3 Maths,Maths,T000000000002\n"));
        await screen["#timetable-lessons"].SetInputFilesAsync(Csv("lessons", "Group,Day,Period,Teacher,Room\n3-Ma,Tuesday,P1,KHA,S12\n3-Ma,Tuesday,P9,KHA,S12\n"));
        await screen["#timetable button[type=submit]"].ClickAsync();
        await Expect(screen["#timetable-preview ul.problems li"]).ToHaveTextAsync(["Lesson '3-Ma-1-Tue-P9' is in period 'P9', which is not in the timetable's periods."]);
        await Expect(screen["#timetable-apply"]).ToBeDisabledAsync();
        await screen.AssertAccessible();

        await screen["#timetable-lessons"].SetInputFilesAsync(Csv("lessons", "Group,Day,Period,Teacher,Room\n3-Ma,Tuesday,P1,KHA,S12\n3-Ma,Thursday,P2,KHA,S12\n"));
        await screen["#timetable button[type=submit]"].ClickAsync();
        await Expect(screen["#timetable-preview .summary"]).ToHaveTextAsync("Preview, nothing changed yet: 2 periods, 1 teaching groups, 2 lessons a cycle, 2 pupils in groups.");
        await Expect(screen["#timetable-preview li"]).ToContainTextAsync(["3-Ma-1-Thu-P2", "3-Ma-1-Tue-P1", "T000000000003", "T000000000004"]);
        await SchoolApi.Problem(await Server.CreateClient().GetAsync(school.Url("/timetable")), System.Net.HttpStatusCode.NotFound); // a preview imports nothing
        await screen["#timetable-apply"].ClickAsync();
        await Expect(screen["#timetable-preview .summary"]).ToContainTextAsync("Imported: 2 periods");

        await screen["#cover-date"].FillAsync("2026-11-10");
        await screen["#cover-lesson"].FillAsync("3-Ma-1-Tue-P1");
        await screen["#cover-teacher"].FillAsync("SUP");
        await screen["#cover-reason"].FillAsync("Mr Khan on a course");
        await screen["#cover button[type=submit]"].ClickAsync();
        await Expect(screen["#cover-result"]).ToHaveTextAsync("Recorded: Period 1 Maths (Year 3 Maths) on 2026-11-10 is taught by SUP in S12.");
        await screen.AssertAccessible();
        await screen.Screenshots("office-timetable");
        await screen.Page.SetViewportSizeAsync(390, 900); // the panel alone on a phone: the office page is long
        await screen["#timetable-panel"].ScreenshotAsync(new() { Path = Path.Combine(DashboardPageTests.ScreenshotFolder, "office-timetable-panel-390.png") });
    }
}
