using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>
/// The returns page in headless Chromium against the real server: the office reads the local authority's lists,
/// downloads the DfE extract (recorded), and deletes a pupil's name on a ground; the head sees the lists without the
/// office's forms. Checked with axe-core at 1400 and 390 px and saved as screenshots.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Browser)]
public class ReturnsScreenTests(ServerFixture fixture, Browser browser) : IClassFixture<ServerFixture>, IClassFixture<Browser>
{
    [Fact]
    public async Task The_office_reads_the_lists_takes_the_DfE_extract_and_deletes_a_name_on_a_ground()
    {
        var server = fixture.Server;
        server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = new SchoolApi(server.CreateClient());
        var settings = JsonNode.Parse(SchoolApi.Settings)!;
        settings["urn"] = "100003";
        settings["laEstab"] = "9372003";
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Put, "", settings.ToJsonString()));
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/roster", SchoolApi.RosterCsv, "text/csv"));
        var history = new StringBuilder("UPN,Date,Session,Code\n");
        foreach (var day in new[] { 20, 21, 22, 23 }.Select(d => $"2026-10-{d}").Concat(new[] { 3, 4, 5, 6, 9 }.Select(d => $"2026-11-{d:00}")))
        {
            history.Append($"T000000000001,{day},AM,N\nT000000000001,{day},PM,N\nT000000000003,{day},AM,I\nT000000000003,{day},PM,/\n");
        }

        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/history", history.ToString(), "text/csv"));
        await SchoolApi.EnsureSuccess(await school.Post("/pupils/T000000000001/marks", new { session = "2026-11-10-AM", code = "N" }));

        var office = await Screen.Open(browser, server, TestUsers.Officer(school.Id), $"/returns.html?school={school.Id}");
        await Expect(office["#ten-count"]).ToHaveTextAsync("1");
        await Expect(office["#ten td"].First).ToHaveTextAsync("Amelia SmithT000000000001, 3B");
        await Expect(office["#ten"]).ToContainTextAsync("20 Oct 2026");
        await Expect(office["#pa tr"]).ToHaveCountAsync(2); // Amelia 0%, Isla 50%: both severe
        await Expect(office["#sick-count"]).ToHaveTextAsync("0"); // Isla: 4.5 days of illness
        await Expect(office["#la-on"]).ToHaveValueAsync("2026-11-10"); // the school's day, not the device's
        await Expect(office["#census-term option"]).ToHaveCountAsync(2);
        await office.AssertAccessible();

        var download = await office.Page.RunAndWaitForDownloadAsync(() => office["#dfe-form button[type=submit]"].ClickAsync());
        Assert.Equal("dfe-attendance-100003-2026-11-10-to-2026-11-10.csv", download.SuggestedFilename);
        await Expect(office["#extracts tr"]).ToHaveCountAsync(1);
        await Expect(office["#extracts"]).ToContainTextAsync("Mr Jones (Attendance officer)");

        await office["#deletion-pupil"].SelectOptionAsync("T000000000002");
        await office["#deletion-last"].FillAsync("2026-11-06");
        await office["#deletion-ground"].SelectOptionAsync("RegisteredAtAnotherSchool");
        await office["#deletion-note"].FillAsync("Moved to St Mary's, Leeds");
        await office["#deletion-form button[type=submit]"].ClickAsync();
        await Expect(office["#announce"]).ToContainTextAsync("name deleted from the admission register");
        var line = office["#admissions tr"].First.Locator("td");
        await Expect(line.Nth(1)).ToHaveTextAsync("Name deleted, last day 6 Nov 2026");
        await Expect(line.Nth(2)).ToHaveTextAsync("9(1)(a): registered at another school. Moved to St Mary's, Leeds. Mr Jones, 10 Nov 2026");
        await Expect(office["#deletion-pupil option[value=T000000000002]"]).ToHaveCountAsync(0);

        // Oliver has left: his CTF is the first offered, and goes to the school he moved to (recorded as an extract).
        await Expect(office["#ctf-pupil option"].First).ToHaveTextAsync("Oliver Jones (T000000000002), left 6 Nov 2026");
        await office["#ctf-lea"].FillAsync("383");
        await office["#ctf-estab"].FillAsync("2150");
        var ctf = await office.Page.RunAndWaitForDownloadAsync(() => office["#ctf-export button[type=submit]"].ClickAsync());
        Assert.Equal("9372003_CTF_3832150_001.xml", ctf.SuggestedFilename);
        await Expect(office["#extracts tr"]).ToHaveCountAsync(2);
        await Expect(office["#extracts tr"].First).ToContainTextAsync("Common Transfer File: 3 Sept 2026 to 10 Nov 2026");

        // A CTF meant for another school is refused in words; one for this school's joining pupil is read and said back.
        await office["#ctf-file"].SetInputFilesAsync(new FilePayload { Name = "oliver.xml", MimeType = "application/xml", Buffer = await File.ReadAllBytesAsync(await ctf.PathAsync()) });
        await office["#ctf-import button[type=submit]"].ClickAsync();
        await Expect(office["#ctf-status"]).ToContainTextAsync("addressed to establishment 383 2150, not this school (937 2003): nothing was imported");
        await office["#ctf-file"].SetInputFilesAsync(new FilePayload { Name = "isla.xml", MimeType = "application/xml", Buffer = Encoding.UTF8.GetBytes(IslasCtf) });
        await office["#ctf-import button[type=submit]"].ClickAsync();
        await Expect(office["#ctf-status"]).ToContainTextAsync("Read from Ash Primary (823 4001): kept beside the register.");
        await Expect(office["#ctf-status li"]).ToHaveTextAsync(
            "Isla Patel: Ash Primary (823 4001), 2026/27: 75.0%, attended 3 of 4 sessions, 1 authorised and 0 unauthorised absences. The marks count 5 possible sessions, not 4: check with the previous school.");
        await office.Screenshots("returns-office");

        // A ground refused by the register is said in words, and nothing is recorded.
        await office["#deletion-pupil"].SelectOptionAsync("T000000000003");
        await office["#deletion-last"].FillAsync("2026-09-01");
        await office["#deletion-form button[type=submit]"].ClickAsync();
        await Expect(office["#deletion-error"]).ToContainTextAsync("Not deleted: T000000000003 started on 3 September 2026");
        await office.AssertAccessible();

        // Isla's page shows her previous school beside (not in) this school's figures.
        await office.Page.GotoAsync(new Uri(server.Address, $"/pupil.html?school={school.Id}&upn=T000000000003").ToString());
        await Expect(office["#previous li"]).ToHaveTextAsync("Ash Primary (823 4001), 2026/27: 75.0%, attended 3 of 4 sessions, 1 authorised and 0 unauthorised absences");
        await Expect(office["#previous-title"]).ToBeVisibleAsync();
        await office.AssertAccessible();

        var phone = await Screen.Open(browser, server, TestUsers.Senior(school.Id), $"/returns.html?school={school.Id}", width: 390);
        await Expect(phone["#ten-count"]).ToHaveTextAsync("1");
        await Expect(phone["#dfe"]).ToBeHiddenAsync(); // the DfE extract is the office's and the trust's
        await Expect(phone["#deletion-form"]).ToBeHiddenAsync();
        await phone.AssertAccessible();
        await phone.Screenshots("returns-head");
    }

    private const string IslasCtf = """
        <?xml version="1.0" encoding="UTF-8"?>
        <CTfile><Header><SourceSchool><LEA>823</LEA><Estab>4001</Estab><SchoolName>Ash Primary</SchoolName></SourceSchool><DestSchool><LEA>937</LEA><Estab>2003</Estab></DestSchool></Header>
          <CTFpupilData><Pupil><UPN>T000000000003</UPN><Surname>Patel</Surname><Forename>Isla</Forename>
            <Attendance><YearData><Year>2026</Year><LEA>823</LEA><Estab>4001</Estab><SchoolName>Ash Primary</SchoolName>
              <SessionsPossible>4</SessionsPossible><SessionsAuthorised>1</SessionsAuthorised><SessionsAttended>3</SessionsAttended><SessionsUnauthorised>0</SessionsUnauthorised>
              <AttendSessions><AttendanceStartDate>2026-09-07</AttendanceStartDate><AttendanceMarks>/\I/L</AttendanceMarks></AttendSessions></YearData></Attendance>
          </Pupil></CTFpupilData></CTfile>
        """;
}
