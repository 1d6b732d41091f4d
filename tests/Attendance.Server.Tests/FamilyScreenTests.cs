using System.Net.Http.Json;
using Attendance.Server.Access;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>
/// The parent page on a phone (390 px) and the office's and headteacher's requests page, in headless Chromium against
/// the real server: a parent reports an absence, the office sees it arrive and accepts it, the parent sees the
/// decision; each checked with axe-core and saved as screenshots.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Browser)]
public class FamilyScreenTests(FamilyServerFixture fixture, Browser browser) : IClassFixture<FamilyServerFixture>, IClassFixture<Browser>
{
    private const string Today = "2026-11-10-AM";

    private readonly ParentUser jo = new("Jo Smith", $"jo.{Guid.NewGuid():N}@example.org");

    private AttendanceServer Server => fixture.Server;

    private async Task<SchoolApi> School()
    {
        Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        return await new SchoolApi(Server.CreateClient()).CreateAsync(SchoolApi.RosterWithEmails(jo.Email));
    }

    [Fact]
    public async Task A_parent_on_a_phone_reports_an_absence_and_sees_the_school_accept_it()
    {
        var school = await School();
        await SchoolApi.EnsureSuccess(await school.SubmitRegister(Today, "/", "/", "/"));
        var parent = await Screen.Open(browser, Server, jo, "/", width: 390);
        await Expect(parent.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/parent.html"));
        var child = parent["section.child"];
        await Expect(child.Locator(".child-name")).ToHaveTextAsync("Millie Smith");
        await Expect(child.Locator(".today li").First).ToHaveTextAsync("Morning: Present (AM) (/)");
        await Expect(child.Locator(".percent")).ToContainTextAsync("100.0% attendance");
        await Expect(parent["nav.pages a"]).ToHaveTextAsync(["My children"]);
        await parent.AssertAccessible();

        // The afternoon register is taken: the parent's page shows it at once, without waiting for its minute's read.
        Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 13, 5, 0, TimeSpan.Zero);
        await Expect(parent["#connection"]).ToHaveTextAsync("Live");
        await SchoolApi.EnsureSuccess(await school.SubmitRegister("2026-11-10-PM", "N", "\\", "\\"));
        await Expect(parent["#family-status"]).ToHaveTextAsync("Millie Smith, afternoon register: Reason for absence not yet established (N).", new() { Timeout = 10000 });
        await Expect(child.Locator(".today li").Nth(1)).ToContainTextAsync("(N)");

        // Tomorrow, all day: illness.
        await child.Locator("details.report summary").ClickAsync();
        await child.Locator("details.report input[name=firstDate]").FillAsync("2026-11-11");
        await child.Locator("details.report input[name=lastDate]").FillAsync("2026-11-11");
        await child.Locator("details.report textarea").FillAsync("Chickenpox, the doctor says five days");
        await parent.AssertAccessible();
        await parent.Screenshots("parent-report");
        await child.Locator("details.report button[type=submit]").ClickAsync();
        await Expect(parent["#family-status"]).ToHaveTextAsync("Sent: the school office can see your report for Millie Smith now.");
        await Expect(child.Locator(".requests")).ToContainTextAsync("Absence, Wednesday 11 November, all day: Illness. Waiting for the school.");

        // The office, already on the requests page, sees it arrive and accepts it with the suggested code.
        var office = await Screen.Open(browser, Server, TestUsers.Officer(school.Id), $"/requests.html?school={school.Id}");
        var card = office["#reports li.request"];
        await Expect(card).ToContainTextAsync("Millie Smith: Illness, Wednesday 11 November, all day");
        await Expect(card.Locator("select")).ToHaveValueAsync("I");
        await SchoolApi.EnsureSuccess(await Server.ClientAs(jo).PostAsJsonAsync($"/api/family/children/{school.Id}/T000000000001/leave",
            new { first = "2026-12-14-AM", last = "2026-12-15-PM", reason = "Grandparent's 90th birthday abroad" }));
        await Expect(office["#leave li.request"]).ToContainTextAsync("Millie Smith: leave, Monday 14 December morning to Tuesday 15 December afternoon");
        await Expect(office["#announce"]).ToHaveTextAsync("New leave request for Millie Smith.");
        await Expect(office["#leave li.request form"]).ToHaveCountAsync(0); // only the headteacher decides
        await office.AssertAccessible();
        await office.Screenshots("requests-office");

        await card.Locator("input[name=note]").FillAsync("Chickenpox: doctor's advice, five days");
        await card.Locator("button[value=accept]").ClickAsync();
        await Expect(office["#decided li.request"]).ToContainTextAsync("Accepted as I by Mr Jones (Attendance officer)");
        await Expect(office["#report-count"]).ToHaveTextAsync("0");

        // The parent's page, left open, is told at once and says what the school decided: no reload, no poll.
        await Expect(parent["#family-status"]).ToHaveTextAsync(
            "The school has answered. Absence, Wednesday 11 November, all day: Illness. The school recorded it as Illness (not medical or dental appointment) (I) (Mr Jones).");
        await Expect(parent["section.child .requests"]).ToContainTextAsync("The school recorded it as Illness (not medical or dental appointment) (I) (Mr Jones).");
        await parent.Page.ReloadAsync(); // the e-mail about it, which the outbox sends after the decision
        await Expect(parent["#messages"]).ToContainTextAsync("Your absence report for Millie Smith");
        await parent.AssertAccessible();
        await parent.Screenshots("parent");
    }

    [Fact]
    public async Task A_parent_on_a_phone_explains_yesterdays_unexplained_absence_from_the_list()
    {
        var school = await School();
        await SchoolApi.EnsureSuccess(await school.Post("/pupils/T000000000001/marks", new { session = "2026-11-09-PM", code = "N" }));
        var parent = await Screen.Open(browser, Server, jo, "/parent.html", width: 390);
        var child = parent["section.child"];
        await Expect(child.Locator(".to-explain li")).ToHaveTextAsync(["Monday 9 November afternoon: no reason given yet. Tell the school why"]);
        await parent.AssertAccessible();
        await parent.Screenshots("parent-explain");

        await child.Locator(".to-explain button").ClickAsync();
        var form = child.Locator("details.report form");
        await Expect(form.Locator("select[name=reason]")).ToBeFocusedAsync();
        await Expect(form.Locator("input[name=firstDate]")).ToHaveValueAsync("2026-11-09");
        await Expect(form.Locator("select[name=firstPart]")).ToHaveValueAsync("PM");
        await Expect(form.Locator("select[name=lastPart]")).ToHaveValueAsync("PM");
        await form.Locator("select[name=reason]").SelectOptionAsync("Illness");
        await form.Locator("textarea").FillAsync("Sent home feeling sick; we forgot to ring");
        await form.Locator("button[type=submit]").ClickAsync();
        await Expect(parent["#family-status"]).ToHaveTextAsync("Sent: the school office can see your report for Millie Smith now.");
        await Expect(child.Locator(".explain")).ToBeHiddenAsync();
        await Expect(child.Locator(".requests")).ToContainTextAsync("Absence, Monday 9 November afternoon: Illness. Waiting for the school.");
        await parent.AssertAccessible();

        // The office accepts it: the N is amended, and the open page says the decision (not a register being taken).
        var id = (await school.Get("/family-requests"))["reports"]![0]!["id"]!.GetValue<string>();
        await SchoolApi.EnsureSuccess(await school.Post($"/absence-reports/{id}/answer", new { accept = true, code = "I", note = "Illness, mum's message" }));
        await Expect(parent["#family-status"]).ToHaveTextAsync(
            "The school has answered. Absence, Monday 9 November afternoon: Illness. The school recorded it as Illness (not medical or dental appointment) (I) (Mr Jones).");
    }

    [Fact]
    public async Task A_parent_on_a_phone_says_their_child_is_running_late_and_the_office_sees_it_beside_the_N()
    {
        var school = await School();
        Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 8, 50, 0, TimeSpan.Zero);
        var parent = await Screen.Open(browser, Server, jo, "/parent.html", width: 390);
        var child = parent["section.child"];
        await child.Locator("details.late summary").ClickAsync();
        var form = child.Locator("details.late form");
        await form.Locator("input[name=arrivingAt]").FillAsync("09:40");
        await form.Locator("textarea").FillAsync("Bus broke down");
        await parent.AssertAccessible();
        await parent.Screenshots("parent-running-late");
        await form.Locator("button[type=submit]").ClickAsync();
        await Expect(parent["#family-status"]).ToHaveTextAsync("Sent: the school knows Millie Smith is on the way, arriving about 09:40.");
        await Expect(child.Locator(".requests")).ToContainTextAsync("Running late, Tuesday 10 November morning: arriving about 09:40.");
        await parent.AssertAccessible();

        Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        await SchoolApi.EnsureSuccess(await school.SubmitRegister(Today, "N", "/", "/"));
        var dashboard = await Screen.Open(browser, Server, TestUsers.Lead(school.Id), $"/dashboard.html?school={school.Id}");
        await Expect(dashboard["#call-list li[data-upn='T000000000001']"]).ToContainTextAsync("reported by parent: running late, arriving about 09:40, Jo Smith");
        // A second notice (the bus broke down again): both are listed with what was decided, neither waits for an answer.
        Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 12, 0, TimeSpan.Zero);
        await SchoolApi.EnsureSuccess(await Server.ClientAs(jo).PostAsJsonAsync($"/api/family/children/{school.Id}/T000000000001/running-late", new { arrivingAt = "10:00" }));
        var office = await Screen.Open(browser, Server, TestUsers.Officer(school.Id), $"/requests.html?school={school.Id}");
        await Expect(office["#decided li.request"]).ToHaveCountAsync(2);
        var notice = office.Page.Locator("li.request", new() { HasText = "Running late" }).Last;
        await Expect(notice.Locator("strong")).ToHaveTextAsync("Millie Smith: Running late, arriving about 09:40, Tuesday 10 November morning");
        await Expect(notice.Locator("button[value=accept]")).ToHaveCountAsync(0);
        await office.AssertAccessible();
    }

    [Fact]
    public async Task A_parent_on_a_phone_sends_a_photo_of_the_appointment_card_and_the_office_opens_it()
    {
        var school = await School();
        await SchoolApi.EnsureSuccess(await Server.ClientAs(jo).PostAsJsonAsync($"/api/family/children/{school.Id}/T000000000001/absences",
            new { first = Today, reason = "MedicalAppointment", details = "Orthodontist" }));
        var parent = await Screen.Open(browser, Server, jo, "/parent.html", width: 390);
        var report = parent["section.child .requests li"];
        await Expect(report).ToContainTextAsync("Medical or dental appointment. Waiting for the school.");
        await report.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "card.png", MimeType = "image/png", Buffer = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] });
        await parent.AssertAccessible();
        await parent.Screenshots("parent-evidence");
        await report.Locator("button[type=submit]").ClickAsync();
        await Expect(parent["#family-status"]).ToHaveTextAsync("Sent: the school office can see the file now.");
        await Expect(parent["section.child .requests li"]).ToContainTextAsync("1 file sent with it.");

        // Not a picture, whatever its name says: refused, in words.
        await parent["section.child .requests li input[type=file]"].SetInputFilesAsync(new FilePayload { Name = "card.jpg", MimeType = "image/jpeg", Buffer = "not a photo"u8.ToArray() });
        await parent["section.child .requests li button[type=submit]"].ClickAsync();
        await Expect(parent["#family-status"]).ToContainTextAsync("Not sent: 'card.jpg' is not a photo (JPEG or PNG) or a PDF");

        var office = await Screen.Open(browser, Server, TestUsers.Officer(school.Id), $"/requests.html?school={school.Id}");
        var open = office.Page.Locator("li.request button", new() { HasText = "Open file 1 (photo, 1 KB)" });
        var download = await office.Page.RunAndWaitForDownloadAsync(() => open.ClickAsync());
        Assert.EndsWith(".png", download.SuggestedFilename);
        await office.AssertAccessible();
        await office.Screenshots("requests-evidence");

        var head = await Screen.Open(browser, Server, TestUsers.Senior(school.Id), $"/requests.html?school={school.Id}");
        await Expect(head["li.request"]).ToContainTextAsync("Evidence from the parent (1): photo, 1 KB. Only the office and the attendance lead open them.");
    }

    [Fact]
    public async Task A_parent_on_a_phone_gives_a_new_phone_number_and_sees_the_office_approve_it()
    {
        var school = await School();
        var parent = await Screen.Open(browser, Server, jo, "/parent.html", width: 390);
        var child = parent["section.child"];
        await child.Locator("details.contact summary").ClickAsync();
        await Expect(child.Locator("details.contact .held")).ToHaveTextAsync($"The school holds for you: 07700 900001, {jo.Email} (Mother).");
        await child.Locator("details.contact input[name=phone]").FillAsync("07700 900999");
        await parent.AssertAccessible();
        await parent.Screenshots("parent-contact");
        await child.Locator("details.contact button[type=submit]").ClickAsync();
        await Expect(parent["#family-status"]).ToHaveTextAsync("Sent: the school office will check it is you, then change your details for Millie Smith.");
        await Expect(child.Locator(".requests")).ToContainTextAsync("Your contact details: new phone 07700 900999. Waiting for the school office.");

        var office = await Screen.Open(browser, Server, TestUsers.Officer(school.Id), $"/requests.html?school={school.Id}");
        var change = office["#contacts li.request"];
        await Expect(change.Locator("strong")).ToHaveTextAsync("Millie Smith: new phone 07700 900999");
        await office.AssertAccessible();
        await office.Screenshots("requests-contact");
        await change.Locator("input[name=note]").FillAsync("Rang the number we hold");
        await change.Locator("button[value=approve]").ClickAsync();
        await Expect(office["#contact-count"]).ToHaveTextAsync("0");

        await Expect(parent["#family-status"]).ToHaveTextAsync("The school has answered. Your contact details: new phone 07700 900999. Changed: Rang the number we hold (Mr Jones).");
        await Expect(child.Locator("details.contact .held")).ToContainTextAsync("07700 900999");
        await parent.AssertAccessible();
    }

    [Fact]
    public async Task The_office_previews_letters_to_a_class_prepares_them_emailing_the_family_with_an_address_then_saves_the_list_and_sends_it_a_message()
    {
        var school = await School();
        var office = await Screen.Open(browser, Server, TestUsers.Officer(school.Id), $"/office.html?school={school.Id}", width: 390);
        var form = office["#list-letters"];
        await form.Locator("#list-template").SelectOptionAsync("letter-1");
        await form.Locator("#list-class").SelectOptionAsync("3B");
        await form.Locator("#list-email").CheckAsync();
        await form.Locator("button[type=submit]").ClickAsync();
        await Expect(office["#list-result"]).ToHaveTextAsync("3 pupil(s): 2 by post, 1 by e-mail. Check the list, then prepare the letters.");
        await Expect(office["#list-preview li"]).ToHaveCountAsync(3);
        await Expect(office["#list-preview li"].Nth(1)).ToContainTextAsync("Millie Smith (3B, Good): by e-mail");
        await office.AssertAccessible();
        await office.Screenshots("office-list-letters");

        var pdf = await office.Page.RunAndWaitForDownloadAsync(() => office["#list-send"].ClickAsync());
        Assert.Equal("letter-1-2026-11-10.pdf", pdf.SuggestedFilename);
        await Expect(office["#list-result"]).ToHaveTextAsync("Prepared: 2 to print, 1 sent by e-mail, each recorded on the pupil. letter-1-2026-11-10.pdf downloaded to print.");
        Assert.Equal(3, (await school.Get("/letters")).AsArray().Count);
        await office.AssertAccessible();

        // The same class saved as a list, then sent a message: by e-mail to Millie's mother, by text to the others.
        await form.Locator("#list-name").FillAsync("Year 3 Beech families");
        await form.Locator("#list-save").ClickAsync();
        await Expect(office["#list-result"]).ToHaveTextAsync("Saved as \"Year 3 Beech families\".");
        await Expect(form.Locator("#list-saved")).ToHaveValueAsync("Year 3 Beech families");
        await form.Locator("input[name=kind][value=message]").CheckAsync();
        await Expect(form.Locator("#list-template")).ToBeHiddenAsync();
        await form.Locator("#list-message").FillAsync("Dear {{ ContactName }}, {{ PrefFirstName }}'s class trip is on Friday. {{ SchoolName }}");
        await form.Locator("button[type=submit]").ClickAsync();
        await Expect(office["#list-result"]).ToHaveTextAsync("3 pupil(s): 2 by text, 1 by e-mail, 0 with no e-mail address or phone number. Check the list, then send the message.");
        await Expect(office["#list-preview li"].Nth(1)).ToContainTextAsync("Millie Smith (3B, Good): by e-mail");
        await office.AssertAccessible();
        await office.Screenshots("office-list-message");
        await office["#list-send"].ClickAsync();
        await Expect(office["#list-result"]).ToHaveTextAsync("Sent: 2 by text, 1 by e-mail, each kept with the pupil's messages home.");
        Assert.Equal(3, (await school.Get("/messages")).AsArray().Count(m => (string)m!["message"]!["kind"]! == "ListMessage"));
    }

    [Fact]
    public async Task The_headteacher_decides_leave_and_the_dashboard_call_list_names_a_parents_report()
    {
        var school = await School();
        var parent = Server.ClientAs(jo);
        await SchoolApi.EnsureSuccess(await parent.PostAsJsonAsync($"/api/family/children/{school.Id}/T000000000001/leave",
            new { first = "2026-11-16-AM", last = "2026-11-16-PM", reason = "Family wedding" }));
        await SchoolApi.EnsureSuccess(await school.SubmitRegister(Today, "N", "/", "/"));
        await SchoolApi.EnsureSuccess(await parent.PostAsJsonAsync($"/api/family/children/{school.Id}/T000000000001/absences",
            new { first = Today, reason = "MedicalAppointment", details = "Hospital appointment" }));

        var head = await Screen.Open(browser, Server, TestUsers.Senior(school.Id), $"/requests.html?school={school.Id}");
        var request = head["#leave li.request"];
        await Expect(request.Locator(".late")).ToHaveTextAsync("Late: asked with less notice than the policy asks for.");
        await head.AssertAccessible();
        await head.Screenshots("requests-head");
        await request.Locator("input[name=reason]").FillAsync("Not exceptional circumstances");
        await request.Locator("button[value=refuse]").ClickAsync();
        await Expect(head["#decided li.request"]).ToContainTextAsync("Refused as G by Dr Hughes (Headteacher)");

        var dashboard = await Screen.Open(browser, Server, TestUsers.Lead(school.Id), $"/dashboard.html?school={school.Id}");
        await Expect(dashboard["#call-list li[data-upn='T000000000001']"]).ToContainTextAsync("reported by parent: medical appointment, Jo Smith");
        await dashboard.AssertAccessible();
    }

    [Fact]
    public async Task The_office_prepares_a_letter_from_the_pupil_page_and_sees_it_listed()
    {
        var school = await School();
        await SchoolApi.EnsureSuccess(await school.Post("/pupils/T000000000001/part-time-timetables", new
        {
            start = "2026-11-10", agreedEnd = "2026-11-27", reviewOn = "2026-11-24", reason = "Phased return after an operation", sessionsOff = new[] { new { day = "Friday", part = "PM" } },
        }));
        var office = await Screen.Open(browser, Server, TestUsers.Officer(school.Id), $"/pupil.html?school={school.Id}&upn=T000000000001#letter-2");
        await Expect(office["#casework li.request"]).ToContainTextAsync("Part-time timetable Tuesday 10 November to Friday 27 November: not in school Friday PM; review Tuesday 24 November");

        // An action plan recorded on the page, with its review form once recorded.
        await office.Page.GetByText("Record a plan or contract").ClickAsync();
        await office["#plan-meeting"].FillAsync("2026-11-10");
        await office["#plan-parent"].FillAsync("Bedtime by 8pm\nCall the office by 8:45 on any day of absence");
        await office["#plan button[type=submit]"].ClickAsync();
        await Expect(office["#casework-result"]).ToHaveTextAsync("Plan recorded; a review task will be raised on its review date.");
        await Expect(office["#casework li.request"]).ToHaveCountAsync(2);
        await Expect(office["#casework"]).ToContainTextAsync("Parents: Bedtime by 8pm; Call the office by 8:45 on any day of absence");
        await Expect(office["#letter-template"]).ToHaveValueAsync("letter-2");
        await office["#letter-meeting"].FillAsync("Tuesday 17 November at 9:00");
        var popup = office.Page.Context.WaitForPageAsync();
        await office["#letter button[type=submit]"].ClickAsync();
        await popup;
        await Expect(office["#letter-result"]).ToHaveTextAsync("Prepared: print the PDF open in a new tab.");
        await Expect(office["#letters-sent li"]).ToContainTextAsync("Letter 2: attendance support meeting: Mr Jones");
        await office.AssertAccessible();
        await office.Screenshots("pupil-letters");

        // A teacher sees no letters panel (the API sends the list only to those who follow up).
        var teacher = await Screen.Open(browser, Server, TestUsers.Teacher(school.Id, "3B"), $"/pupil.html?school={school.Id}&upn=T000000000001");
        await Expect(teacher["#pupil-name"]).ToHaveTextAsync("Millie Smith");
        await Expect(teacher["#letters-panel"]).ToBeHiddenAsync();
    }
}
