using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Attendance.Server.Access;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>
/// The screens of the people who make the register, in headless Chromium against the real server: each role's start,
/// the teacher's register (with the network cut), the office desk and the pupil page, each checked with axe-core and
/// saved as screenshots at 1400 and 390 px.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Browser)]
public class StaffScreenTests(ServerFixture fixture, Browser browser) : IClassFixture<ServerFixture>, IClassFixture<Browser>
{
    private const string Today = "2026-11-10-AM";

    private AttendanceServer Server => fixture.Server;

    private async Task<SchoolApi> NewSchool(int hour = 9, int minute = 10)
    {
        Server.Clock.Now = new DateTimeOffset(2026, 11, 10, hour, minute, 0, TimeSpan.Zero);
        return await new SchoolApi(Server.CreateClient()).CreateAsync();
    }

    private static ILocator Pupil(Screen screen, int n) => screen[$"li.pupil[data-upn='T00000000000{n}']"];

    /// <summary>A register's marks as "pupil number:code" (T00000000000n), in pupil order.</summary>
    private static IEnumerable<string> MarksByPupil(System.Text.Json.Nodes.JsonNode register) =>
        register["lines"]!.AsArray().Select(l => $"{((string)l!["upn"]!)[^1]}:{l["mark"]!["code"]}").Order();

    private static string RegisterPath(SchoolApi school) => $"/register.html?school={school.Id}&class=3B&session={Today}";

    /// <summary>
    /// A teacher's register taken and submitted with the network cut (everyone present, but pupil
    /// <paramref name="absent"/> if given): it waits on the device.
    /// </summary>
    private async Task<Screen> SubmittedOffline(SchoolApi school, int? absent = null)
    {
        var screen = await Screen.Open(browser, Server, TestUsers.Teacher(school.Id, "3B"), RegisterPath(school));
        await Expect(screen["li.pupil"]).ToHaveCountAsync(3);
        await screen.ServiceWorkerReady();
        await screen.NetworkCut(true);
        await screen["#all-present"].ClickAsync();
        if (absent is { } n)
        {
            await Pupil(screen, n).Locator("button[data-code='N']").ClickAsync();
        }

        await screen["#submit"].ClickAsync();
        await Expect(screen["#register-state"]).ToContainTextAsync("Saved on this device, not sent yet");
        return screen;
    }

    [Fact]
    public async Task Each_role_starts_on_its_own_page_and_sees_only_the_pages_it_may_use()
    {
        var school = await NewSchool();
        var provisionId = await ProvisionApi.CreateWithGuestAsync(Server.CreateClient(), school.Id);
        var starts = new (StaffUser User, string Page, string[] Nav)[]
        {
            (TestUsers.Teacher(school.Id, "3B"), "registers.html", ["My registers", "Roll call"]),
            (TestUsers.Officer(school.Id), "office.html", ["Office desk", "Dashboard", "On site now", "Roll call", "Parents' requests", "Returns"]),
            (TestUsers.Lead(school.Id), "dashboard.html", ["Office desk", "Dashboard", "On site now", "Roll call", "Parents' requests", "Returns", "Analytics"]),
            (TestUsers.Senior(school.Id), "dashboard.html", ["Dashboard", "On site now", "Roll call", "Parents' requests", "Returns", "Analytics"]),
            (TestUsers.Trust, "trust.html", ["All schools"]),
            (TestUsers.ProvisionStaff(provisionId), "provision.html", ["Provision"]),
        };

        foreach (var (user, page, nav) in starts)
        {
            var screen = await Screen.Open(browser, Server, user, "/");
            await Expect(screen.Page).ToHaveURLAsync(new Regex($"/{Regex.Escape(page)}"));
            await Expect(screen["nav.pages a"]).ToHaveTextAsync(nav);
            await Expect(screen["#signed-in"]).ToContainTextAsync(user.Name);
            await Expect(screen["button.sign-out"]).ToBeVisibleAsync();
            await screen.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await screen.AssertAccessible();
            if (page is "dashboard.html" or "trust.html" or "provision.html")
            {
                await screen.Screenshots(page.Replace(".html", "") + (user.Has(StaffRole.SeniorLeader) ? "-senior" : ""));
            }

            await screen.Page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_teacher_takes_the_register_by_taps_and_sees_it_recorded_then_updated_live_by_a_gate_arrival()
    {
        var school = await NewSchool();
        await SchoolApi.EnsureSuccess(await school.Post("/arrivals", new { upn = "T000000000001", arrivedAt = "2026-11-10T09:05:00Z" }));
        var screen = await Screen.Open(browser, Server, TestUsers.Teacher(school.Id, "3B"), $"/?school={school.Id}");

        var link = screen[$"a.register-link[data-session='{Today}']"];
        await Expect(link.Locator(".state")).ToHaveTextAsync("In progress");
        await screen.AssertAccessible();
        await screen.Screenshots("my-registers");
        await link.ClickAsync();

        await Expect(screen["#class-name"]).ToHaveTextAsync("Year 3 Beech");
        await Expect(Pupil(screen, 1).Locator(".recorded")).ToContainTextAsync("L (Late: arrived before the register closed), arrived 09:05");
        await Expect(Pupil(screen, 1).Locator(".legal")).ToHaveTextAsync("Legal name: Amelia Smith");
        await Expect(Pupil(screen, 2).Locator(".flags")).ToHaveTextAsync("SEND");
        await Expect(Pupil(screen, 3).Locator(".flags")).ToHaveCountAsync(0); // social worker and vulnerable are not for teachers
        await Expect(Pupil(screen, 2).Locator("select")).ToHaveCountAsync(0); // teachers record N; the office gives reasons

        await Pupil(screen, 2).Locator("button[data-code='N']").ClickAsync();
        await screen["#all-present"].ClickAsync();
        await Expect(Pupil(screen, 2).Locator("button[data-code='N']")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(Pupil(screen, 3).Locator("button[data-code='/']")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(screen["#progress"]).ToHaveTextAsync("2 of 2 to mark");
        await screen.AssertAccessible();
        await screen.Screenshots("register-taking");

        await screen["#submit"].ClickAsync();
        await Expect(screen["#register-state"]).ToContainTextAsync("Recorded by the school: submitted by Ms Patel");
        await Expect(Pupil(screen, 2).Locator(".recorded")).ToContainTextAsync("N (Reason for absence not yet established), by Ms Patel");
        var register = await school.Get($"/classes/3B/registers/{Today}");
        Assert.Equal("Submitted", (string)register["state"]!);
        Assert.Equal(["1:L", "2:N", "3:/"], MarksByPupil(register));

        await SchoolApi.EnsureSuccess(await school.Post("/arrivals", new { upn = "T000000000002", arrivedAt = "2026-11-10T09:12:00Z" }));
        await Expect(Pupil(screen, 2).Locator(".recorded")).ToContainTextAsync("L (Late: arrived before the register closed), arrived 09:12, amended");
        await screen.AssertAccessible();
        await screen.Screenshots("register-submitted");
    }

    [Fact]
    public async Task My_registers_lists_a_teachers_own_groups_and_the_office_sees_every_class()
    {
        var school = await NewSchool();
        await SchoolApi.EnsureSuccess(await school.SubmitRegister(Today, "/", "N", "/"));
        async Task<string[]> Classes(StaffUser user)
        {
            var today = System.Text.Json.Nodes.JsonNode.Parse(await Server.ClientAs(user).GetStringAsync(school.Url("/registers/today")))!;
            Assert.Equal("2026-11-10", (string)today["date"]!);
            return [.. today["classes"]!.AsArray().Select(c => $"{c!["classId"]}:{string.Join(",", c["registers"]!.AsArray().Select(r => r!["state"]))}")];
        }

        Assert.Equal(["3B:Submitted,NotStarted"], await Classes(TestUsers.Teacher(school.Id, "3B")));
        Assert.Equal(["3B:Submitted,NotStarted", "4G:NotStarted,NotStarted"], await Classes(TestUsers.Officer(school.Id)));

        // On a Saturday there is no register; the page offers Friday's.
        var saturday = System.Text.Json.Nodes.JsonNode.Parse(await Server.ClientAs(TestUsers.Teacher(school.Id, "3B")).GetStringAsync(school.Url("/registers/today?date=2026-11-07")))!;
        Assert.Equal(("2026-11-06", false), ((string)saturday["lastSchoolDay"]!, (bool)saturday["classes"]![0]!["registers"]![0]!["open"]!));
        var screen = await Screen.Open(browser, Server, TestUsers.Teacher(school.Id, "3B"), $"/registers.html?school={school.Id}&date=2026-11-07");
        await Expect(screen["#registers-status"]).ToHaveTextAsync("No registers today: the school is closed. See the registers of Friday 6 November.");
        await screen["#last-school-day"].ClickAsync();
        await Expect(screen[$"a.register-link[data-session='2026-11-06-AM'] .state"]).ToHaveTextAsync("Not started");
        await screen.AssertAccessible();
    }

    [Fact]
    public async Task A_teacher_refused_a_code_kept_for_the_office_is_told_why_and_nothing_is_recorded()
    {
        var school = await NewSchool();
        var teacher = Server.ClientAs(TestUsers.Teacher(school.Id, "3B"));
        var response = await teacher.PostAsJsonAsync(school.Url($"/classes/3B/registers/{Today}"),
            new { marks = new[] { new { upn = "T000000000001", code = "/" }, new { upn = "T000000000002", code = "I" }, new { upn = "T000000000003", code = "/" } } });
        var problem = await SchoolApi.Problem(response, System.Net.HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:attendance:problem:code-not-for-teachers", (string)problem["type"]!);
        Assert.Equal(["T000000000002"], problem["items"]!.AsArray().Select(i => (string)i!));
        Assert.Equal("NotStarted", (string)(await school.Get($"/classes/3B/registers/{Today}"))["state"]!);
    }

    [Fact]
    public async Task With_the_network_cut_the_register_waits_on_the_device_survives_a_reload_and_is_sent_once_when_it_returns()
    {
        var school = await NewSchool();
        var screen = await SubmittedOffline(school, absent: 3);
        await Expect(Pupil(screen, 3).Locator(".pending")).ToHaveTextAsync("N: saved on this device, not sent yet");

        await screen.Page.ReloadAsync();
        await Expect(screen["#register-state"]).ToContainTextAsync("Saved on this device, not sent yet");
        await Expect(screen["#connection"]).ToHaveTextAsync("Offline");
        await screen.Screenshots("register-offline");
        Assert.Equal("NotStarted", (string)(await school.Get($"/classes/3B/registers/{Today}"))["state"]!);

        await screen.NetworkCut(false);
        await Expect(screen["#register-state"]).ToContainTextAsync("Recorded by the school", new() { Timeout = 30_000 });
        await Expect(Pupil(screen, 3).Locator(".recorded")).ToContainTextAsync("N (");
        foreach (var upn in new[] { "T000000000001", "T000000000002", "T000000000003" })
        {
            Assert.Single((await school.Get($"/pupils/{upn}/sessions/{Today}")).AsArray()); // sent once, applied once
        }

        await screen.AssertAccessible();
    }

    [Fact]
    public async Task A_register_submitted_from_another_device_meanwhile_is_shown_as_recorded_and_the_teacher_is_told()
    {
        var school = await NewSchool();
        var screen = await SubmittedOffline(school);

        await SchoolApi.EnsureSuccess(await school.SubmitRegister(Today, "/", "N", "/")); // the other device
        await screen.NetworkCut(false);

        await Expect(screen["#register-error"]).ToContainTextAsync("already submitted from another device", new() { Timeout = 30_000 });
        await Expect(Pupil(screen, 2).Locator(".recorded")).ToContainTextAsync("N (Reason for absence not yet established), by Mr Jones");
        await Expect(screen["#register-state"]).ToContainTextAsync("Recorded by the school: submitted by Mr Jones");
        Assert.Equal("N", (string)(await school.Get($"/pupils/T000000000002/sessions/{Today}")).AsArray().Single()!["code"]!);
        await screen.AssertAccessible();
        await screen.Screenshots("register-conflict");
    }

    [Fact]
    public async Task A_register_submitted_elsewhere_while_the_teacher_is_still_tapping_is_shown_at_once()
    {
        var school = await NewSchool();
        var screen = await Screen.Open(browser, Server, TestUsers.Teacher(school.Id, "3B"), RegisterPath(school));
        await Expect(screen["#connection"]).ToHaveTextAsync("Live");
        await screen["#all-present"].ClickAsync();

        await SchoolApi.EnsureSuccess(await school.SubmitRegister(Today, "/", "N", "/"));

        await Expect(screen["#register-error"]).ToContainTextAsync("submitted from another device by Mr Jones at 09:10 while you were taking it");
        await Expect(Pupil(screen, 2).Locator(".recorded")).ToContainTextAsync("N (Reason for absence not yet established), by Mr Jones");
        await Expect(screen["#submit"]).ToBeHiddenAsync();
        await screen.AssertAccessible();
    }

    [Fact]
    public async Task A_refused_submission_shows_the_schools_reason_next_to_the_pupil_and_the_rest_can_be_sent_again()
    {
        var school = await NewSchool();
        var screen = await SubmittedOffline(school); // everyone present, waiting on the device
        await SchoolApi.EnsureSuccess(await school.Post("/arrivals", new { upn = "T000000000002", arrivedAt = "2026-11-10T09:12:00Z" }));

        await screen.NetworkCut(false);
        await Expect(Pupil(screen, 2).Locator(".error")).ToContainTextAsync("already have a different mark", new() { Timeout = 30_000 });
        await Expect(Pupil(screen, 2).Locator(".recorded")).ToContainTextAsync("L (Late: arrived before the register closed), arrived 09:12");
        await Expect(screen["#register-error"]).ToContainTextAsync("The school did not accept this register");
        await screen.AssertAccessible();
        await screen.Screenshots("register-refused");

        await screen["#submit"].ClickAsync(); // the others' marks are still on the device; Oliver's is the school's
        await Expect(screen["#register-state"]).ToContainTextAsync("Recorded by the school");
        var register = await school.Get($"/classes/3B/registers/{Today}");
        Assert.Equal(["1:/", "2:L", "3:/"], MarksByPupil(register));
    }

    [Fact]
    public async Task The_register_is_taken_with_the_keyboard_and_focus_stays_on_the_pupil_through_live_changes()
    {
        var school = await NewSchool();
        var screen = await Screen.Open(browser, Server, TestUsers.Teacher(school.Id, "3B"), RegisterPath(school));
        await Pupil(screen, 2).Locator("button[data-code='/']").FocusAsync();
        await screen.Page.Keyboard.PressAsync("Space");
        await Expect(Pupil(screen, 2).Locator("button[data-code='/']")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(Pupil(screen, 2).Locator("button[data-code='/']")).ToBeFocusedAsync();

        // A live change redraws the register: the keyboard stays where it was.
        await Expect(screen["#connection"]).ToHaveTextAsync("Live");
        await SchoolApi.EnsureSuccess(await school.Post("/arrivals", new { upn = "T000000000001", arrivedAt = "2026-11-10T09:05:00Z" }));
        await Expect(Pupil(screen, 1).Locator(".recorded")).ToContainTextAsync("arrived 09:05");
        await Expect(Pupil(screen, 2).Locator("button[data-code='/']")).ToBeFocusedAsync();
        await screen.Page.Keyboard.PressAsync("Tab");
        await screen.Page.Keyboard.PressAsync("Tab");
        await screen.Page.Keyboard.PressAsync("Enter"); // Absent
        await Expect(Pupil(screen, 2).Locator("button[data-code='N']")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(Pupil(screen, 2).Locator("button[data-code='N']")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task The_office_signs_in_late_pupils_L_before_the_close_and_U_after_it_and_amends_an_N_with_a_reason()
    {
        var school = await NewSchool(9, 45);
        await SchoolApi.EnsureSuccess(await school.Post("/pupils/T000000000004/marks", new { session = Today, code = "N" }));
        var screen = await Screen.Open(browser, Server, TestUsers.Officer(school.Id), $"/?school={school.Id}");
        await Expect(screen.Page).ToHaveURLAsync(new Regex("/office.html"));
        await Expect(screen["#outstanding li"]).ToHaveCountAsync(2); // both classes' AM registers, after the 09:00 late time

        var arrival = screen["#arrival"];
        await arrival.Locator("input[type=search]").FillAsync("oli");
        await arrival.Locator(".results button[data-upn='T000000000002']").ClickAsync();
        await arrival.Locator("[name=time]").FillAsync("09:12");
        await arrival.Locator("[name=reason]").FillAsync("Dentist");
        await arrival.Locator("button[type=submit]").ClickAsync();
        await Expect(screen["#arrival-result"]).ToHaveTextAsync("Oliver Jones: L (late) at 09:12, after the late time 09:00 and before the register closed at 09:30. Counts as present.");

        await arrival.Locator("input[type=search]").FillAsync("T000000000003");
        await arrival.Locator(".results button[data-upn='T000000000003']").ClickAsync();
        await arrival.Locator("button[type=submit]").ClickAsync(); // arrived now: 09:45
        await Expect(screen["#arrival-result"]).ToContainTextAsync("Isla Patel: U (arrived after the register closed) at 09:45. The register closed at 09:30");
        var late = (await school.Get($"/pupils/T000000000002/sessions/{Today}")).AsArray().Single()!;
        Assert.Equal(("L", "Dentist", "Mr Jones"), ((string)late["code"]!, (string)late["note"]!, (string)late["recordedBy"]!["name"]!));

        var amend = screen["#amend"];
        await amend.Locator("input[type=search]").FillAsync("noah");
        await amend.Locator(".results button[data-upn='T000000000004']").ClickAsync();
        await Expect(screen["#amend-history .current"]).ToHaveTextAsync("Current mark: N (Reason for absence not yet established)");
        await amend.Locator("[name=code]").SelectOptionAsync("I");
        await amend.Locator("[name=reason]").FillAsync("Mother phoned: sickness bug");
        await amend.Locator("button[type=submit]").ClickAsync();
        await Expect(screen["#amend-result"]).ToHaveTextAsync($"Amended: Noah Brown is now I for {Today}. The original mark is kept.");
        await Expect(screen["#amend-history li"]).ToHaveCountAsync(2);
        var history = (await school.Get($"/pupils/T000000000004/sessions/{Today}")).AsArray();
        Assert.Equal(("N", "I", "Mother phoned: sickness bug", "Mr Jones"),
            ((string)history[0]!["code"]!, (string)history[1]!["code"]!, (string)history[1]!["amendmentReason"]!, (string)history[1]!["recordedBy"]!["name"]!));

        await screen.AssertAccessible();
        await screen.Screenshots("office-desk");
    }

    [Fact]
    public async Task The_office_imports_the_previous_systems_marks_and_sees_the_import_to_its_end()
    {
        var school = await NewSchool();
        var screen = await Screen.Open(browser, Server, TestUsers.Officer(school.Id), $"/office.html?school={school.Id}");
        var form = screen["#history"];
        await Expect(screen["#history-panel"]).ToBeVisibleAsync();
        async Task Import(string csv)
        {
            await form.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "marks.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });
            await form.Locator("button[type=submit]").ClickAsync();
        }

        await Import("UPN,Date,Session,Code\nT000000000001,2026-11-05,AM,/\nT000000000002,2026-11-05,AM,Q9\n");
        await Expect(screen["#history-status .problems li"]).ToHaveTextAsync(["Line 3: 'Q9' is not a national attendance code (2024 set, or a pre-2024 code with a 2024 replacement: H, F, J, Y)."]);
        Assert.Empty((await school.Get("/pupils/T000000000001/sessions/2026-11-05-AM")).AsArray());

        await Import("UPN,Date,Session,Code\nT000000000001,2026-11-05,AM,/\nT000000000001,2026-11-05,PM,H\nT000000000002,2026-11-05,AM,N\n");
        await Expect(screen["#history-status"]).ToHaveTextAsync(
            "Checked: 3 sessions for 2 pupils (old codes mapped: H → C: 1). Imported 3 sessions; 0 were already in the register.", new() { Timeout = 15000 });
        await Expect(screen["#history-progress"]).ToHaveAttributeAsync("max", "2");
        Assert.Equal("C", (string)(await school.Get("/pupils/T000000000001/sessions/2026-11-05-PM")).AsArray().Single()!["code"]!);
        await screen.AssertAccessible();
        await screen.Screenshots("office-history-import");
    }

    [Fact]
    public async Task The_office_previews_a_roster_before_applying_it_and_a_bad_file_names_its_lines_and_imports_nothing()
    {
        var school = await NewSchool();
        var screen = await Screen.Open(browser, Server, TestUsers.Officer(school.Id), $"/office.html?school={school.Id}");
        var roster = screen["#roster"];
        var good = """
            UPN,LegalForename,LegalSurname,DateOfBirth,YearGroup,RegistrationGroup,ClassName
            T000000000005,Ava,Green,2018-02-02,3,3B,Year 3 Beech
            T000000000004,Noah,Brown,2017-06-04,4,3B,Year 3 Beech
            """;
        await roster.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "roster.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(good) });
        await roster.Locator("button[type=submit]").ClickAsync();
        await Expect(screen["#roster-preview .summary"]).ToContainTextAsync("Preview, nothing changed yet: 1 pupil(s) to add, 1 to update (1 moving class)");
        await Expect(screen["#roster-preview"]).ToContainTextAsync("Noah Brown (T000000000004): 4G → 3B");
        Assert.Equal(4, (await school.Get("/pupils")).AsArray().Count); // a preview changes nothing
        await screen.AssertAccessible();
        await screen.Screenshots("office-roster-preview");

        await screen["#roster-apply"].ClickAsync();
        await Expect(screen["#roster-preview .summary"]).ToHaveTextAsync("Imported: 1 pupil(s) added, 1 updated (1 moved), 0 class(es) added.");
        Assert.Equal(5, (await school.Get("/pupils")).AsArray().Count);

        var bad = """
            UPN,LegalForename,LegalSurname,DateOfBirth,YearGroup,RegistrationGroup
            X12,Bad,Upn,2018-02-02,3,3B
            T000000000006,Bad,Date,2018-02-31,3,3B
            """;
        await roster.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "bad.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(bad) });
        await roster.Locator("button[type=submit]").ClickAsync();
        await Expect(screen["#roster-preview .problems li"]).ToHaveTextAsync(["Line 3: DateOfBirth '2018-02-31' is not a date in the form 2019-04-30."]);
        await Expect(screen["#roster-apply"]).ToBeDisabledAsync();
        Assert.Equal(5, (await school.Get("/pupils")).AsArray().Count);

        var badUpn = "UPN,LegalForename,LegalSurname,DateOfBirth,YearGroup,RegistrationGroup\nT000000000007,Fine,Pupil,2018-02-02,3,3B\nX12,Bad,Upn,2018-02-02,3,3B\n";
        await roster.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "bad.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(badUpn) });
        await roster.Locator("button[type=submit]").ClickAsync();
        await Expect(screen["#roster-preview .problems li"]).ToHaveTextAsync(["Line 3: 'X12' is not a UPN (a capital letter, 11 digits, then a digit or capital letter)."]);
        Assert.Equal(5, (await school.Get("/pupils")).AsArray().Count); // the good line 2 was not imported either
        await screen.AssertAccessible();
        await screen.Screenshots("office-roster-refused");
    }

    [Fact]
    public async Task The_pupil_page_shows_the_year_calendar_coloured_by_category_with_each_sessions_trail()
    {
        var school = await NewSchool();
        await school.MarkYesterdayUnauthorised("T000000000003");
        await SchoolApi.EnsureSuccess(await school.SubmitRegister(Today, "/", "N", "/"));
        var screen = await Screen.Open(browser, Server, TestUsers.Lead(school.Id), $"/pupil.html?school={school.Id}&upn=T000000000003");

        await Expect(screen["#pupil-name"]).ToHaveTextAsync("Isla Patel");
        var yesterday = screen["button[data-session='2026-11-09-AM']"];
        await Expect(yesterday).ToHaveTextAsync("G");
        await Expect(yesterday).ToHaveClassAsync(new Regex("cat-UnauthorisedAbsence"));
        await Expect(screen[$"button[data-session='{Today}']"]).ToHaveClassAsync(new Regex("cat-Present"));
        await Expect(screen["button[data-session='2026-11-10-PM']"]).ToHaveTextAsync("–"); // not marked yet
        await Expect(screen["td[data-date='2026-11-02'] .closed"]).ToHaveTextAsync("Closed"); // planned closure
        await Expect(screen["td[data-date='2026-10-27'] .closed"]).ToHaveTextAsync("Holiday"); // half term
        await Expect(screen["#unauthorised"]).ToHaveTextAsync("2");
        await Expect(screen["#contacts"]).ToContainTextAsync("Raj Patel (Father): 07700 900004");
        await Expect(screen["#about"]).ToContainTextAsync("Has a social worker, Vulnerable");

        await yesterday.ClickAsync();
        await Expect(screen["#trail"]).ToContainTextAsync("G (Holiday not granted by the school) by Mr Jones");
        await screen.AssertAccessible();
        await screen.Screenshots("pupil-page");

        // A teacher of the class sees the pupil's year but not the contacts or the safeguarding flags.
        var teacher = await Screen.Open(browser, Server, TestUsers.Teacher(school.Id, "3B"), $"/pupil.html?school={school.Id}&upn=T000000000003");
        await Expect(teacher["#pupil-name"]).ToHaveTextAsync("Isla Patel");
        await Expect(teacher["#contacts"]).ToBeHiddenAsync();
        await Expect(teacher["#about"]).ToContainTextAsync("None recorded");
        await Expect(teacher["#alerts-panel"]).ToBeHiddenAsync();
        await teacher.AssertAccessible();
        await Expect(screen["#subject-access"]).ToBeHiddenAsync(); // the lead does not export; the office does

        // The office answers a subject access request from the pupil's page: one ZIP, recorded by the server.
        var office = await Screen.Open(browser, Server, TestUsers.Officer(school.Id), $"/pupil.html?school={school.Id}&upn=T000000000003");
        var export = await office.Page.RunAndWaitForDownloadAsync(() => office["#subject-access-export"].ClickAsync());
        Assert.StartsWith($"subject-access-{school.Id}-T000000000003-", export.SuggestedFilename);
        await Expect(office["#subject-access-status"]).ToHaveTextAsync(new Regex("subject-access-.*zip downloaded"));
        await office.AssertAccessible();
        await office.Screenshots("pupil-page-office");
    }

    [Fact]
    public async Task The_pupil_page_shows_this_year_and_any_previous_year_chosen()
    {
        // Last summer term and this autumn in one calendar; Isla on roll since July, ill for all of it, present since.
        Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = new SchoolApi(Server.CreateClient());
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Put, "", SchoolApi.SettingsWithLastSummer()));
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/roster",
            "UPN,LegalForename,LegalSurname,DateOfBirth,YearGroup,RegistrationGroup,EntryDate\nT000000000003,Isla,Patel,2018-05-03,3,3B,2026-07-06\n", "text/csv"));
        var summer = string.Concat(Enumerable.Range(0, 14).Select(d => new DateOnly(2026, 7, 6).AddDays(d))
            .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            .Select(d => $"T000000000003,{d:yyyy-MM-dd},AM,I\nT000000000003,{d:yyyy-MM-dd},PM,I\n"));
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/history", "UPN,Date,Session,Code\n" + summer, "text/csv"));
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/history",
            SchoolApi.HistoryCsv(("T000000000003", "/", new DateOnly(2026, 9, 3), new DateOnly(2026, 11, 9))), "text/csv"));

        var screen = await Screen.Open(browser, Server, TestUsers.Lead(school.Id), $"/pupil.html?school={school.Id}&upn=T000000000003");
        await Expect(screen["#pupil-class"]).ToContainTextAsync("School year 2026/27.");
        await Expect(screen["#persistent"]).ToHaveTextAsync("No");
        await Expect(screen["#sessions"]).ToHaveTextAsync("84 of 84 possible sessions");
        await Expect(screen["td[data-date='2026-07-06']"]).ToHaveCountAsync(0);
        await Expect(screen["#year option"]).ToHaveTextAsync(["2026/27 (this year)", "2025/26"]);

        await screen["#year"].SelectOptionAsync("2025/26");
        await screen["#year-form button"].ClickAsync();
        await Expect(screen["#pupil-class"]).ToContainTextAsync("School year 2025/26 (a previous year).");
        await Expect(screen["#sessions"]).ToHaveTextAsync("0 of 20 possible sessions");
        await Expect(screen["#persistent"]).ToHaveTextAsync("Severe");
        await Expect(screen["button[data-session='2026-07-06-AM']"]).ToHaveTextAsync("I");
        await Expect(screen["td[data-date='2026-09-03']"]).ToHaveCountAsync(0);
        await screen.AssertAccessible();
        await screen.Screenshots("pupil-page-previous-year");
    }
}
