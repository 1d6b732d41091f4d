using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>
/// Casework in headless Chromium: the headteacher pursues a penalty notice from the dashboard's alert with the
/// framework's considerations, then the attendance lead works the case on the pupil's page on a phone (the case log, a
/// contract with its target, the next step refused too soon, the evidence pack).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Browser)]
public class CaseworkScreenTests(ServerFixture fixture, Browser browser) : IClassFixture<ServerFixture>, IClassFixture<Browser>
{
    private AttendanceServer Server => fixture.Server;

    [Fact]
    public async Task The_head_pursues_a_penalty_notice_and_the_lead_works_the_case_on_a_phone()
    {
        Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = await (await new SchoolApi(Server.CreateClient()).CreateAsync()).WithLowPenaltyThreshold();
        foreach (var session in new[] { "2026-11-09-AM", "2026-11-09-PM" })
        {
            await SchoolApi.EnsureSuccess(await school.Post("/pupils/T000000000003/marks", new { session, code = "O" }));
        }

        var head = await Screen.Open(browser, Server, TestUsers.Senior(school.Id), $"/dashboard.html?school={school.Id}");
        await Expect(head["#connection"]).ToHaveTextAsync("Live");
        var alert = head["li.alert[data-alert-id='T000000000003-PenaltyNoticeThreshold-1']"];
        await alert.Locator("button.decide").ClickAsync();
        var dialog = head["#decision"];
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.Locator("#considerations")).ToBeHiddenAsync();
        await dialog.Locator("[name=decision]").FillAsync("Pursue a penalty notice");
        await dialog.Locator("[name=rationale]").FillAsync("Support offered since September has not been taken up");
        await dialog.Locator("#decision-issue").CheckAsync();
        await Expect(dialog.Locator("#considerations")).ToBeVisibleAsync();
        await dialog.Locator("[name=parent]").FillAsync("Raj Patel");
        foreach (var (field, answer) in new[] { ("support", "Breakfast club offered"), ("bestTool", "Yes"), ("noticeToImprove", "Yes, first"), ("otherIntervention", "No"), ("adjustments", "Yes") })
        {
            await dialog.Locator($"[name={field}]").FillAsync(answer);
        }

        await head.AssertAccessible();
        await head.Screenshots("penalty-decision");
        await head.Page.SetViewportSizeAsync(390, 800); // the dialog as a phone shows it (a full-page shot stretches the modal)
        await dialog.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(DashboardPageTests.ScreenshotFolder, "penalty-decision-dialog-390.png") });
        await dialog.Locator("#decision-save").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        var lead = await Screen.Open(browser, Server, TestUsers.Lead(school.Id), $"/pupil.html?school={school.Id}&upn=T000000000003", width: 390);
        var penalty = lead["#penalty-notices li"].First;
        await Expect(penalty).ToContainTextAsync("For Raj Patel: Notice to Improve. 2 sessions concerned.");
        await Expect(penalty.Locator("select[name=step] option")).ToHaveTextAsync(["Improved", "Requested from the local authority"]);

        // Too soon for "improved": the refusal is announced, and the case is unchanged.
        await penalty.Locator("select[name=step]").SelectOptionAsync("Improved");
        await penalty.Locator("input[name=on]").FillAsync("2026-11-10");
        await penalty.Locator("input[name=note]").FillAsync("Better this week");
        await penalty.Locator("button[type=submit]").ClickAsync();
        await Expect(lead["#casework-result"]).ToContainTextAsync("The improvement period runs to 21 December 2026");

        // A referral in the case log, then a contract with its weekly target.
        await lead.Page.GetByText("Record in the case log").ClickAsync();
        await lead["#entry-kind"].SelectOptionAsync("Referral");
        await Expect(lead["#entry-service"]).ToBeVisibleAsync();
        await Expect(lead["#entry-panel"]).ToBeHiddenAsync();
        await lead["#entry-on"].FillAsync("2026-11-10");
        await lead["#entry-summary"].FillAsync("Early help assessment requested with the family's agreement");
        await lead["#case-entry button[type=submit]"].ClickAsync();
        await Expect(lead["#case-log li"].First).ToContainTextAsync("Referral (Early Help). Early help assessment requested");
        await Expect(lead["#case-log li"].First).ToContainTextAsync("Outcome not yet recorded.");
        await Expect(lead.Page.GetByText("Record in the case log")).ToBeFocusedAsync(); // the form closed: the focus is not lost with it

        await lead.Page.GetByText("Record a plan or contract").ClickAsync();
        await lead["#plan-kind"].SelectOptionAsync("Contract");
        await lead["#plan-meeting"].FillAsync("2026-11-10");
        await lead["#plan-target"].FillAsync("9");
        await lead["#plan-attended"].FillAsync("Raj Patel (father)\nMrs Okafor");
        await lead["#plan button[type=submit]"].ClickAsync();
        await Expect(lead["#casework li"].First).ToContainTextAsync("Attendance contract agreed");
        await Expect(lead["#casework li"].First).ToContainTextAsync("Target: at least 9 out of 10 sessions each week. No school week has ended since the meeting.");

        var pack = await lead.Page.RunAndWaitForDownloadAsync(() => penalty.GetByRole(AriaRole.Button, new() { Name = "Evidence pack (PDF)" }).ClickAsync());
        Assert.Matches(new Regex("^evidence-pack-T000000000003-penalty-"), pack.SuggestedFilename);
        await lead.AssertAccessible();
        await lead.Screenshots("pupil-casework");
    }
}
