using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Attendance.Server.Access;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>A server whose reminders fire every second, sending its e-mail to a real SMTP server of the test.</summary>
public sealed class FamilyServerFixture : IDisposable
{
    public FamilyServerFixture()
    {
        Server = new(followUpEvery: TimeSpan.FromSeconds(1), settings: new Dictionary<string, string>(Smtp.Settings)
        {
            ["Messages:FirstRetry"] = "00:00:01",
            ["Messages:MaxAttempts"] = "2",
        });
    }

    public TestSmtpServer Smtp { get; } = new();

    public AttendanceServer Server { get; }

    public void Dispose()
    {
        Server.Dispose();
        Smtp.Dispose();
    }
}

[Trait(TestCategory.Name, TestCategory.Fast)]
public class FamilyApiTests(FamilyServerFixture fixture) : IClassFixture<FamilyServerFixture>
{
    private const string Today = "2026-11-10-AM";

    // Each test's parents have their own addresses, so the schools other tests create are not theirs.
    private readonly ParentUser joAccount = new("Jo Smith", $"Jo.{Guid.NewGuid():N}@Example.org");
    private readonly ParentUser kimAccount = new("Kim Jones", $"kim.{Guid.NewGuid():N}@example.org");

    private readonly HttpClient staff = fixture.Server.CreateClient();

    private static DateTimeOffset At(int day, int hour, int minute) => new(2026, 11, day, hour, minute, 0, TimeSpan.Zero);

    /// <summary>The test roster with Jo's address (in lower case unless another is given) for Amelia and Kim's for Oliver.</summary>
    private string Roster(string? joEmail = null) => SchoolApi.RosterWithEmails(joEmail ?? joAccount.Email.ToLowerInvariant(), kimAccount.Email);

    private async Task<(SchoolApi School, HttpClient Jo, HttpClient Kim)> Family()
    {
        fixture.Server.Clock.Now = At(10, 8, 0);
        var school = await new SchoolApi(staff).CreateAsync(Roster());
        return (school, fixture.Server.ClientAs(joAccount), fixture.Server.ClientAs(kimAccount));
    }

    private static Task<HttpResponseMessage> Report(HttpClient parent, string schoolId, string upn, string first, string? last = null, string reason = "Illness", string? details = null) =>
        parent.PostAsJsonAsync($"/api/family/children/{schoolId}/{upn}/absences", new { first, last, reason, details });

    [Fact]
    public async Task A_parent_sees_their_children_at_every_school_of_the_trust_and_no_one_else()
    {
        var (school, jo, kim) = await Family();
        var other = await new SchoolApi(staff).CreateAsync(Roster(joAccount.Email.ToUpperInvariant()));

        var family = JsonNode.Parse(await jo.GetStringAsync("/api/family"))!;
        Assert.Equal("Jo Smith", family["name"]!.GetValue<string>());
        var children = family["children"]!.AsArray().Select(c => $"{c!["schoolId"]} {c["upn"]} {c["name"]} {c["className"]}").Order().ToList();
        Assert.Equal(new[] { school.Id, other.Id }.Order().Select(id => $"{id} T000000000001 Millie Smith Year 3 Beech"), children);

        // Kim's child, at the same school: refused whether or not the pupil exists, and nothing recorded.
        var refused = await SchoolApi.Problem(await Report(jo, school.Id, "T000000000002", Today), HttpStatusCode.Forbidden);
        Assert.Equal("urn:attendance:problem:not-your-child", refused["type"]!.GetValue<string>());
        await SchoolApi.Problem(await Report(jo, school.Id, "T000000000099", Today), HttpStatusCode.Forbidden);
        Assert.Empty((await school.Get("/family-requests"))["reports"]!.AsArray());

        // Staff are not parents; parents are not staff.
        var notParent = await SchoolApi.Problem(await fixture.Server.ClientAs(TestUsers.Officer(school.Id)).GetAsync("/api/family"), HttpStatusCode.Forbidden);
        Assert.Equal("urn:attendance:problem:not-a-parent", notParent["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await kim.GetAsync(school.Url("/family-requests"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await kim.GetAsync(school.Url("/pupils/T000000000002/year"))).StatusCode);

        // The school removes Jo's address: the child is no longer hers.
        await SchoolApi.EnsureSuccess(await other.Send(HttpMethod.Post, "/roster", Roster("someone.else@example.org"), "text/csv"));
        var after = JsonNode.Parse(await jo.GetStringAsync("/api/family"))!;
        Assert.Equal([school.Id], after["children"]!.AsArray().Select(c => c!["schoolId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Running_late_means_no_call_the_arrival_gives_the_mark_and_there_is_no_code_to_accept()
    {
        var (school, jo, kim) = await Family();
        fixture.Server.Clock.Now = At(10, 8, 50);
        var late = await jo.PostAsJsonAsync($"/api/family/children/{school.Id}/T000000000001/running-late", new { arrivingAt = "09:40", details = "Bus broke down" });
        Assert.Equal(HttpStatusCode.Created, late.StatusCode);
        var notice = JsonNode.Parse(await late.Content.ReadAsStringAsync())!;
        Assert.Equal(("RunningLate", "09:40:00", Today), ((string?)notice["reason"], (string?)notice["arrivingAt"], (string?)notice["sessions"]!["first"]));

        fixture.Server.Clock.Now = At(10, 9, 10);
        await SchoolApi.EnsureSuccess(await school.SubmitRegister(Today, "N", "N", "/"));
        fixture.Server.Clock.Now = At(10, 9, 31);
        var tasks = await Eventually.Until(() => school.Get("/tasks"), t => t.AsArray().Any(x => x!["upn"]!.GetValue<string>() == "T000000000002"));
        Assert.DoesNotContain("T000000000001", tasks.AsArray().Where(t => (string?)t!["kind"] == "FirstDayCall").Select(t => (string?)t!["upn"]));

        // The office cannot give it a code: the arrival does. Millie signs in at 09:38, after the close: U.
        var accept = await SchoolApi.Problem(await school.Post($"/absence-reports/{notice["id"]}/answer", new { accept = true, code = "L", note = "Bus" }), HttpStatusCode.BadRequest);
        Assert.Equal("urn:attendance:problem:invalid-request", (string?)accept["type"]);
        await SchoolApi.Problem(await school.Post($"/absence-reports/{notice["id"]}/answer", new { accept = false, note = "Where is she?" }), HttpStatusCode.BadRequest);
        fixture.Server.Clock.Now = At(10, 9, 38);
        var arrived = await school.Post("/arrivals", new { upn = "T000000000001" });
        Assert.Equal("U", (string?)JsonNode.Parse(await arrived.Content.ReadAsStringAsync())!["recorded"]![0]!["code"]);

        // A time that has passed, not a time, after the school day, running late sent as a report (no time), or another
        // parent's child: refused, nothing recorded.
        var reports = (await school.Get("/family-requests"))["reports"]!.AsArray().Count;
        var passed = await SchoolApi.Problem(await jo.PostAsJsonAsync($"/api/family/children/{school.Id}/T000000000001/running-late", new { arrivingAt = "09:38" }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:attendance:problem:past-session", (string?)passed["type"]);
        await SchoolApi.Problem(await jo.PostAsJsonAsync($"/api/family/children/{school.Id}/T000000000001/running-late", new { arrivingAt = "soon" }), HttpStatusCode.BadRequest);
        await SchoolApi.Problem(await jo.PostAsJsonAsync($"/api/family/children/{school.Id}/T000000000001/running-late", new { arrivingAt = "13:31" }), HttpStatusCode.BadRequest);
        await SchoolApi.Problem(await Report(jo, school.Id, "T000000000001", "2026-11-11-AM", reason: "RunningLate"), HttpStatusCode.BadRequest);
        await SchoolApi.Problem(await kim.PostAsJsonAsync($"/api/family/children/{school.Id}/T000000000001/running-late", new { arrivingAt = "10:30" }), HttpStatusCode.Forbidden);
        Assert.Equal(reports, (await school.Get("/family-requests"))["reports"]!.AsArray().Count);
    }

    [Fact]
    public async Task Running_late_until_the_afternoon_covers_the_morning_too_and_in_summer_time_the_schools_clock_decides()
    {
        var (school, jo, _) = await Family();

        // 08:30 British Summer Time is 07:30 UTC: "arriving 13:10" covers this morning and the afternoon.
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Put, "", SchoolApi.SettingsWithLastSummer()));
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 7, 7, 7, 30, 0, TimeSpan.Zero);
        var late = await jo.PostAsJsonAsync($"/api/family/children/{school.Id}/T000000000001/running-late", new { arrivingAt = "13:10" });
        Assert.Equal(HttpStatusCode.Created, late.StatusCode);
        var sessions = JsonNode.Parse(await late.Content.ReadAsStringAsync())!["sessions"]!;
        Assert.Equal(("2026-07-07-AM", "2026-07-07-PM"), ((string?)sessions["first"], (string?)sessions["last"]));

        // 08:20 at school (07:20 UTC) is before 08:30: that time has not passed.
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 7, 7, 7, 20, 0, TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.Created, (await jo.PostAsJsonAsync($"/api/family/children/{school.Id}/T000000000001/running-late", new { arrivingAt = "08:30" })).StatusCode);
    }

    [Fact]
    public async Task A_parents_new_phone_and_address_wait_for_the_office_then_change_the_contacts_and_the_account_follows_the_address()
    {
        var (school, jo, kim) = await Family();
        var url = $"/api/family/children/{school.Id}/T000000000001/contact-details";
        var newEmail = $"jo.new.{Guid.NewGuid():N}@example.org";

        // What the office cannot use is refused, and nothing waits for it.
        await SchoolApi.Problem(await jo.PostAsJsonAsync(url, new { }), HttpStatusCode.BadRequest);
        await SchoolApi.Problem(await jo.PostAsJsonAsync(url, new { phone = "0770" }), HttpStatusCode.BadRequest);
        await SchoolApi.Problem(await jo.PostAsJsonAsync(url, new { phone = "07700 900999; DROP" }), HttpStatusCode.BadRequest);
        await SchoolApi.Problem(await jo.PostAsJsonAsync(url, new { email = "not an address" }), HttpStatusCode.BadRequest);
        await SchoolApi.Problem(await jo.PostAsJsonAsync(url, new { email = $"Jo <{newEmail}>" }), HttpStatusCode.BadRequest); // just the address
        await SchoolApi.Problem(await jo.PostAsJsonAsync(url, new { phone = "077009009" }), HttpStatusCode.BadRequest); // 9 digits
        await SchoolApi.Problem(await jo.PostAsJsonAsync(url, new { phone = "+44 7700 900 999 1234" }), HttpStatusCode.BadRequest); // 16 digits
        await SchoolApi.Problem(await jo.PostAsJsonAsync(url, new { phone = "０７７００ ９００９９９" }), HttpStatusCode.BadRequest); // not ASCII digits
        await SchoolApi.Problem(await kim.PostAsJsonAsync(url, new { phone = "07700 900999" }), HttpStatusCode.Forbidden);
        Assert.Empty((await school.Get("/family-requests"))["contactChanges"]!.AsArray());

        // 10 and 15 digits are phone numbers: the first asked is refused, the second approved.
        var tenDigits = await jo.PostAsJsonAsync(url, new { phone = "0770090099" });
        Assert.Equal(HttpStatusCode.Created, tenDigits.StatusCode);
        var refusedId = (string)JsonNode.Parse(await tenDigits.Content.ReadAsStringAsync())!["id"]!;
        var refusal = await fixture.Server.ClientAs(TestUsers.Officer(school.Id)).PostAsJsonAsync(school.Url($"/contact-changes/{refusedId}/decision"), new { approve = false, note = "Could not reach her on the number we hold" });
        Assert.Equal("Refused", (string?)JsonNode.Parse(await refusal.Content.ReadAsStringAsync())!["status"]);
        await SchoolApi.Problem(await fixture.Server.ClientAs(TestUsers.Officer(school.Id)).PostAsJsonAsync(school.Url("/contact-changes/contact-000000000000/decision"), new { approve = true, note = "x" }), HttpStatusCode.NotFound);

        var asked = await jo.PostAsJsonAsync(url, new { phone = "+44 7700 900 999 123", email = newEmail });
        Assert.Equal(HttpStatusCode.Created, asked.StatusCode);
        var id = (string)JsonNode.Parse(await asked.Content.ReadAsStringAsync())!["id"]!;
        var pupil = await school.Get("/pupils/T000000000001");
        Assert.Equal("07700 900001", (string?)pupil["pupil"]!["contacts"]![0]!["phone"]); // nothing changes until the office approves

        // Only the office decides, and says how it checked.
        var decision = school.Url($"/contact-changes/{id}/decision");
        foreach (var notOffice in new[] { TestUsers.Lead(school.Id), TestUsers.Senior(school.Id) })
        {
            await SchoolApi.Problem(await fixture.Server.ClientAs(notOffice).PostAsJsonAsync(decision, new { approve = true, note = "Rang her" }), HttpStatusCode.Forbidden);
        }

        var office = fixture.Server.ClientAs(TestUsers.Officer(school.Id));
        await SchoolApi.Problem(await office.PostAsJsonAsync(decision, new { approve = true }), HttpStatusCode.BadRequest);
        var approved = await office.PostAsJsonAsync(decision, new { approve = true, note = "Rang the number we hold; Mrs Smith confirmed" });
        Assert.Equal("Approved", (string?)JsonNode.Parse(await approved.Content.ReadAsStringAsync())!["status"]);
        var contact = (await school.Get("/pupils/T000000000001"))["pupil"]!["contacts"]![0]!;
        Assert.Equal(("Jo Smith", "+44 7700 900 999 123", newEmail), ((string?)contact["name"], (string?)contact["phone"], (string?)contact["email"]));
        var pupilAfter = (await school.Get("/pupils/T000000000001"))["pupil"]!;
        Assert.Equal(("3B", "Sam Smith", "07700 900002"), ((string?)pupilAfter["registrationGroup"], (string?)pupilAfter["contacts"]![1]!["name"], (string?)pupilAfter["contacts"]![1]!["phone"]));
        var again = await SchoolApi.Problem(await office.PostAsJsonAsync(decision, new { approve = false, note = "Oops" }), HttpStatusCode.Conflict);
        Assert.Equal("urn:attendance:problem:already-decided", (string?)again["type"]);

        // The child follows the address: Jo signs in with the new one; the old one has no child here any more.
        var newAccount = fixture.Server.ClientAs(new ParentUser("Jo Smith", newEmail));
        Assert.Equal(["T000000000001"], JsonNode.Parse(await newAccount.GetStringAsync("/api/family"))!["children"]!.AsArray().Select(c => (string)c!["upn"]!));
        Assert.Empty(JsonNode.Parse(await jo.GetStringAsync("/api/family"))!["children"]!.AsArray());
    }

    [Fact]
    public async Task Reported_before_the_register_closed_means_no_call_and_no_message_and_a_report_after_closes_the_call()
    {
        var (school, jo, kim) = await Family();
        fixture.Server.Clock.Now = At(10, 7, 55);
        var report = await Report(jo, school.Id, "T000000000001", Today, "2026-11-10-PM", details: "Sick in the night");
        Assert.Equal(HttpStatusCode.Created, report.StatusCode);

        fixture.Server.Clock.Now = At(10, 9, 10);
        await SchoolApi.EnsureSuccess(await school.SubmitRegister(Today, "N", "N", "N"));
        fixture.Smtp.RefuseNext(1); // the first-day e-mail's first attempt is refused, the retry goes through
        fixture.Server.Clock.Now = At(10, 9, 30);

        var tasks = await Eventually.Until(() => school.Get("/tasks"), t => t.AsArray().Any(x => x!["upn"]!.GetValue<string>() == "T000000000002"));
        var calls = tasks.AsArray().Where(t => t!["kind"]!.GetValue<string>() == "FirstDayCall").Select(t => t!["upn"]!.GetValue<string>()).Order();
        Assert.Equal(["T000000000002", "T000000000003", "T000000000004"], calls); // not Amelia: her mother reported it

        // First-day messages: Kim by e-mail (received once, after one refusal), Raj by text (not sent: no SMS gateway is
        // configured, and the office sees that), none to Jo.
        var messages = await Eventually.Until(() => school.Get("/messages"), m => m.AsArray().Count(x => x!["status"]!.GetValue<string>() is "Sent" or "NotSent") >= 2);
        var sent = messages.AsArray().Select(m => $"{m!["message"]!["upn"]} {m["message"]!["channel"]} {m["status"]} {m["attempts"]}").Order();
        Assert.Equal(["T000000000002 Email Sent 2", "T000000000003 Sms NotSent 1"], sent);
        var mail = Assert.Single(fixture.Smtp.To(kimAccount.Email));
        Assert.Contains("Oliver is not in school this morning", mail.TextBody);
        Assert.Equal($"first-day-T000000000002-{Today}.{school.Id}@attendance", mail.MessageId);
        Assert.Empty(fixture.Smtp.To(joAccount.Email));

        // Kim reports after the close: the call closes itself, saying so.
        fixture.Server.Clock.Now = At(10, 9, 40);
        await SchoolApi.EnsureSuccess(await Report(kim, school.Id, "T000000000002", Today, reason: "MedicalAppointment", details: "Dentist, back by 11"));
        var call = await Eventually.Until(() => school.Get("/tasks/call-T000000000002-2026-11-10"), t => t["closed"] is not null);
        Assert.StartsWith("Reported by parent: MedicalAppointment, \"Dentist, back by 11\" (Kim Jones)", call["closed"]!["outcome"]!.GetValue<string>());
        Assert.Equal("Parent", call["closed"]!["by"]!["position"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_office_accepts_a_report_the_mark_is_amended_with_the_report_as_reason_and_the_original_kept()
    {
        var (school, jo, _) = await Family();
        fixture.Server.Clock.Now = At(10, 9, 10);
        await SchoolApi.EnsureSuccess(await school.SubmitRegister(Today, "N", "/", "/"));
        var created = JsonNode.Parse(await (await Report(jo, school.Id, "T000000000001", Today, "2026-11-11-PM", details: "Chickenpox")).Content.ReadAsStringAsync())!;
        var id = created["id"]!.GetValue<string>();

        // A parent's report authorises nothing by itself: the mark is still N.
        Assert.Equal("N", (await school.Get($"/pupils/T000000000001/sessions/{Today}"))[0]!["code"]!.GetValue<string>());
        var notN = await SchoolApi.Problem(await school.Post($"/absence-reports/{id}/answer", new { accept = true, code = "N", note = "x" }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("N is not a decision", notN["detail"]!.GetValue<string>());
        var noNote = await SchoolApi.Problem(await school.Post($"/absence-reports/{id}/answer", new { accept = true, code = "I" }), HttpStatusCode.BadRequest);
        Assert.Equal(["note"], noNote["items"]!.AsArray().Select(i => i!.GetValue<string>()));

        var accepted = await school.Post($"/absence-reports/{id}/answer", new { accept = true, code = "I", note = "Chickenpox, five days off expected" });
        await SchoolApi.EnsureSuccess(accepted);
        var history = await school.Get($"/pupils/T000000000001/sessions/{Today}");
        Assert.Equal(["N", "I"], history.AsArray().Select(e => e!["code"]!.GetValue<string>()));
        Assert.StartsWith("Reported by parent: Illness, \"Chickenpox\" (Jo Smith). Accepted: Chickenpox", history[1]!["amendmentReason"]!.GetValue<string>());
        Assert.Equal("Mr Jones", history[1]!["recordedBy"]!["name"]!.GetValue<string>());
        Assert.Empty((await school.Get("/pupils/T000000000001/sessions/2026-11-10-PM")).AsArray()); // its register has not opened

        // The afternoon comes: coded I at registration, without anyone doing it again.
        fixture.Server.Clock.Now = At(10, 13, 5);
        var pm = await Eventually.Until(() => school.Get("/pupils/T000000000001/sessions/2026-11-10-PM"), h => h.AsArray().Count > 0);
        Assert.Equal(("I", "Office"), (pm[0]!["code"]!.GetValue<string>(), pm[0]!["source"]!.GetValue<string>()));

        var again = await SchoolApi.Problem(await school.Post($"/absence-reports/{id}/answer", new { accept = false, note = "?" }), HttpStatusCode.Conflict);
        Assert.Equal("urn:attendance:problem:already-decided", again["type"]!.GetValue<string>());
        var told = await Eventually.Until(() => Task.FromResult(fixture.Smtp.To(joAccount.Email)), m => m.Count > 0);
        Assert.Contains("recorded the absence", Assert.Single(told, m => m.Subject!.Contains("absence report", StringComparison.Ordinal)).TextBody);
    }

    [Fact]
    public async Task Leave_granted_is_coded_C_when_its_sessions_come_and_refused_leave_taken_is_G()
    {
        var (school, jo, kim) = await Family();
        async Task<string> Ask(HttpClient parent, string upn, string first, string last)
        {
            var response = await parent.PostAsJsonAsync($"/api/family/children/{school.Id}/{upn}/leave", new { first, last, reason = "Family wedding" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var request = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            return $"{request["id"]} {request["late"]}";
        }

        // Asked on Tuesday 10 November: the 24th is exactly two weeks ahead (on time), the 23rd is not (late).
        var granted = (await Ask(jo, "T000000000001", "2026-11-23-AM", "2026-11-23-PM")).Split(' ');
        var refused = (await Ask(kim, "T000000000002", "2026-11-24-AM", "2026-11-24-PM")).Split(' ');
        Assert.Equal(("true", "false"), (granted[1], refused[1]));
        var noReason = await kim.PostAsJsonAsync($"/api/family/children/{school.Id}/T000000000002/leave", new { first = "2026-12-01-AM", last = "2026-12-01-PM" });
        Assert.Equal(["reason"], (await SchoolApi.Problem(noReason, HttpStatusCode.BadRequest))["items"]!.AsArray().Select(i => i!.GetValue<string>()));

        // Only the headteacher decides.
        var office = fixture.Server.ClientAs(TestUsers.Officer(school.Id));
        Assert.Equal(HttpStatusCode.Forbidden, (await office.PostAsJsonAsync(school.Url($"/leave-requests/{granted[0]}/decision"), new { grant = true, reason = "x" })).StatusCode);
        var head = fixture.Server.ClientAs(TestUsers.Senior(school.Id));
        await SchoolApi.EnsureSuccess(await head.PostAsJsonAsync(school.Url($"/leave-requests/{granted[0]}/decision"), new { grant = true, reason = "Exceptional: a sibling's wedding abroad" }));
        await SchoolApi.EnsureSuccess(await head.PostAsJsonAsync(school.Url($"/leave-requests/{refused[0]}/decision"), new { grant = false, reason = "Not exceptional circumstances" }));
        var refusal = await Eventually.Until(() => Task.FromResult(fixture.Smtp.To(kimAccount.Email)), m => m.Any(x => x.Subject!.Contains("leave", StringComparison.Ordinal)));
        Assert.Contains("recorded as G, unauthorised absence", refusal.Single(m => m.Subject!.Contains("leave", StringComparison.Ordinal)).TextBody);
        Assert.Contains("penalty notice", refusal.Single(m => m.Subject!.Contains("leave", StringComparison.Ordinal)).TextBody);

        // Monday 23rd, 08:45: Amelia's morning is C as soon as its register is open; the afternoon waits for 13:00.
        fixture.Server.Clock.Now = At(23, 8, 45);
        var am = await Eventually.Until(() => school.Get("/pupils/T000000000001/sessions/2026-11-23-AM"), h => h.AsArray().Count > 0);
        Assert.Equal("C", am[0]!["code"]!.GetValue<string>());
        Assert.Contains("Leave of absence granted by Dr Hughes", am[0]!["note"]!.GetValue<string>());
        Assert.Empty((await school.Get("/pupils/T000000000001/sessions/2026-11-23-PM")).AsArray());

        // Tuesday 24th: Oliver is absent (N), and once the register has closed the refused leave makes it G; Isla was in.
        fixture.Server.Clock.Now = At(24, 9, 10);
        await SchoolApi.EnsureSuccess(await school.Post("/classes/3B/registers/2026-11-24-AM", new
        {
            marks = new[] { new { upn = "T000000000001", code = "/" }, new { upn = "T000000000002", code = "N" }, new { upn = "T000000000003", code = "/" } },
        }));
        await Task.Delay(1500);
        Assert.Equal(["N"], (await school.Get("/pupils/T000000000002/sessions/2026-11-24-AM")).AsArray().Select(e => e!["code"]!.GetValue<string>()));
        fixture.Server.Clock.Now = At(24, 9, 31);
        var taken = await Eventually.Until(() => school.Get("/pupils/T000000000002/sessions/2026-11-24-AM"), h => h.AsArray().Count > 1);
        Assert.Equal(["N", "G"], taken.AsArray().Select(e => e!["code"]!.GetValue<string>()));
        Assert.StartsWith("Leave of absence refused by Dr Hughes", taken[1]!["amendmentReason"]!.GetValue<string>());

        var requests = await school.Get("/family-requests?upn=T000000000002");
        Assert.Equal(("Refused", "G", "Dr Hughes"), (requests["leave"]![0]!["status"]!.GetValue<string>(), requests["leave"]![0]!["decision"]!["code"]!.GetValue<string>(), requests["leave"]![0]!["decision"]!["by"]!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_report_for_a_day_that_has_passed_or_a_closed_day_or_without_a_reason_is_refused_and_records_nothing()
    {
        var (school, jo, _) = await Family();
        var past = await SchoolApi.Problem(await Report(jo, school.Id, "T000000000001", "2026-11-09-AM"), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:attendance:problem:past-session", past["type"]!.GetValue<string>());
        var weekend = await SchoolApi.Problem(await Report(jo, school.Id, "T000000000001", "2026-11-14-AM", "2026-11-15-PM"), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("closed for every session", weekend["detail"]!.GetValue<string>());
        var backwards = await SchoolApi.Problem(await Report(jo, school.Id, "T000000000001", "2026-11-12-AM", "2026-11-11-AM"), HttpStatusCode.BadRequest);
        Assert.Contains("not after the last", backwards["detail"]!.GetValue<string>());
        var reason = await jo.PostAsJsonAsync($"/api/family/children/{school.Id}/T000000000001/absences", new { first = Today, reason = 7 });
        Assert.Equal(HttpStatusCode.BadRequest, reason.StatusCode);
        var noReason = await jo.PostAsJsonAsync($"/api/family/children/{school.Id}/T000000000001/absences", new { first = Today });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Empty((await school.Get("/family-requests"))["reports"]!.AsArray());
    }

    [Fact]
    public async Task A_parent_explains_a_past_absence_the_school_has_no_reason_for_and_the_office_accepts_it_over_the_N()
    {
        var (school, jo, _) = await Family();
        await SchoolApi.EnsureSuccess(await school.Post("/pupils/T000000000001/marks", new { session = "2026-11-09-AM", code = "N" }));
        await SchoolApi.EnsureSuccess(await school.Post("/pupils/T000000000001/marks", new { session = "2026-11-09-PM", code = "/" }));
        var child = JsonNode.Parse(await jo.GetStringAsync("/api/family"))!["children"]![0]!;
        Assert.Equal(["2026-11-09-AM"], child["toExplain"]!.AsArray().Select(s => s!.GetValue<string>()));

        // Only the N can be explained, and only the last month's.
        var present = await SchoolApi.Problem(await Report(jo, school.Id, "T000000000001", "2026-11-09-AM", "2026-11-09-PM"), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("2026-11-09-PM is recorded as \\: a day that has passed can be explained only where the school has no reason yet (N). Call the school office. Nothing was recorded.", present["detail"]!.GetValue<string>());
        var old = await SchoolApi.Problem(await Report(jo, school.Id, "T000000000001", "2026-10-09-AM"), HttpStatusCode.UnprocessableEntity);
        Assert.StartsWith("2026-10-09-AM is more than 31 days ago", old["detail"]!.GetValue<string>());
        var lastDayBack = await SchoolApi.Problem(await Report(jo, school.Id, "T000000000001", "2026-10-10-AM"), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("closed for every session", lastDayBack["detail"]!.GetValue<string>()); // the 31st day back is in reach (a Saturday)
        Assert.Empty((await school.Get("/family-requests"))["reports"]!.AsArray());

        var report = await Report(jo, school.Id, "T000000000001", "2026-11-09-AM", reason: "MedicalAppointment", details: "Dentist, forgot to ring");
        Assert.Equal(HttpStatusCode.Created, report.StatusCode);
        Assert.Empty(JsonNode.Parse(await jo.GetStringAsync("/api/family"))!["children"]![0]!["toExplain"]!.AsArray());

        var id = (await report.Content.ReadFromJsonAsync<JsonNode>())!["id"]!.GetValue<string>();
        await SchoolApi.EnsureSuccess(await staff.PostAsJsonAsync(school.Url($"/absence-reports/{id}/answer"), new { accept = true, code = "M", note = "Dentist's card seen" }));
        var history = await Eventually.Until(() => school.Get("/pupils/T000000000001/sessions/2026-11-09-AM/history"), h => h.AsArray().Count == 2);
        Assert.Equal(["N", "M"], history.AsArray().Select(e => e!["code"]!.GetValue<string>())); // the N kept, the M an amendment of it
        Assert.Equal("N", history[1]!["originalCode"]!.GetValue<string>());
        Assert.StartsWith("Reported by parent: MedicalAppointment", history[1]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_parent_whose_sign_in_did_not_confirm_their_email_is_not_linked_to_any_child()
    {
        var (school, _, _) = await Family();
        using var unconfirmed = fixture.Server.ClientWith(
            new("name", joAccount.Name), new("role", ParentUser.Role), new("email", joAccount.Email), new("sub", "jo-elsewhere"));

        Assert.Equal("urn:attendance:problem:not-a-parent", (await SchoolApi.Problem(await unconfirmed.GetAsync("/api/family"), HttpStatusCode.Forbidden))["type"]!.GetValue<string>());
        await SchoolApi.Problem(await Report(unconfirmed, school.Id, "T000000000001", Today), HttpStatusCode.Forbidden);
        Assert.Empty((await school.Get("/family-requests"))["reports"]!.AsArray());
    }

    [Fact]
    public async Task Another_account_with_the_same_address_is_not_let_in_until_the_office_says_so()
    {
        var (school, jo, _) = await Family();
        Assert.Single((await jo.GetFromJsonAsync<JsonNode>("/api/family"))!["children"]!.AsArray()); // Jo's account keeps the address
        using var other = fixture.Server.ClientAs(joAccount with { Subject = "a-new-account" });
        Assert.Equal("urn:attendance:problem:another-account", (await SchoolApi.Problem(await other.GetAsync("/api/family"), HttpStatusCode.Forbidden))["type"]!.GetValue<string>());
        await SchoolApi.Problem(await Report(other, school.Id, "T000000000001", Today), HttpStatusCode.Forbidden);

        // Jo moved to the new account: the office lets it in, and the old one is then refused.
        using var teacher = fixture.Server.ClientAs(TestUsers.Teacher(school.Id, "3B"));
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.DeleteAsync(school.Url($"/parent-accounts/{joAccount.Email}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await staff.DeleteAsync(school.Url($"/parent-accounts/{joAccount.Email}"))).StatusCode);
        Assert.Single((await other.GetFromJsonAsync<JsonNode>("/api/family"))!["children"]!.AsArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await jo.GetAsync("/api/family")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.DeleteAsync(school.Url("/parent-accounts/nobody@example.org"))).StatusCode);
    }

    [Fact]
    public async Task Two_parents_of_one_child_each_see_only_their_own_reports()
    {
        fixture.Server.Clock.Now = At(10, 8, 0);
        var samAccount = new ParentUser("Sam Smith", $"sam.{Guid.NewGuid():N}@example.org");
        var roster = SchoolApi.RosterCsv
            .Replace("Contact2Phone\n", "Contact2Phone,Contact1Email,Contact2Email\n", StringComparison.Ordinal)
            .Replace("07700 900002\n", $"07700 900002,{joAccount.Email},{samAccount.Email}\n", StringComparison.Ordinal);
        var school = await new SchoolApi(staff).CreateAsync(roster);
        using var jo = fixture.Server.ClientAs(joAccount);
        using var sam = fixture.Server.ClientAs(samAccount);
        await SchoolApi.EnsureSuccess(await Report(jo, school.Id, "T000000000001", Today, details: "Jo reports a sore throat"));

        var samsView = (await sam.GetFromJsonAsync<JsonNode>("/api/family"))!.ToJsonString();
        Assert.Contains("T000000000001", samsView);
        Assert.DoesNotContain("Jo reports a sore throat", samsView);
        Assert.DoesNotContain(joAccount.Email, samsView, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Jo reports a sore throat", (await jo.GetFromJsonAsync<JsonNode>("/api/family"))!.ToJsonString());
    }

    [Theory]
    [InlineData("2026-11-10-AM", "9999-12-31-PM")] // to the last day there is: once a 500 and years of days walked
    [InlineData("9999-12-31-PM", "9999-12-31-PM")]
    [InlineData("2026-11-10-AM", "2028-07-20-PM")] // two years
    [InlineData("2026-11-10-AM", "2027-05-12-PM")] // 184 days: one more than a report may span
    [InlineData("2027-11-12-AM", "2027-11-12-PM")] // 367 days ahead: one more than a report may start
    public async Task A_report_over_years_or_far_ahead_is_refused_at_once_and_records_nothing(string first, string last)
    {
        var (school, jo, _) = await Family();
        var timer = System.Diagnostics.Stopwatch.StartNew();
        var refused = await SchoolApi.Problem(await Report(jo, school.Id, "T000000000001", first, last), HttpStatusCode.BadRequest);
        Assert.Contains("starts within the coming year and spans at most 183 days", refused["detail"]!.GetValue<string>());
        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(2), $"took {timer.Elapsed}");
        Assert.Empty((await school.Get("/family-requests"))["reports"]!.AsArray());
    }

    [Fact]
    public async Task A_message_that_keeps_failing_is_shown_as_failed_and_the_office_sends_it_again_once()
    {
        var (school, jo, _) = await Family();
        fixture.Server.Clock.Now = At(10, 9, 10);
        var id = JsonNode.Parse(await (await Report(jo, school.Id, "T000000000001", Today)).Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        var before = fixture.Smtp.To(joAccount.Email).Count;
        fixture.Smtp.RefuseNext(2);
        await SchoolApi.EnsureSuccess(await school.Post($"/absence-reports/{id}/answer", new { accept = false, note = "Please send the appointment card" }));

        var failed = await Eventually.Until(() => school.Get("/messages?upn=T000000000001"), m => m.AsArray().Any(x => x!["status"]!.GetValue<string>() == "Failed"));
        var record = failed.AsArray().Single(m => m!["message"]!["kind"]!.GetValue<string>() == "ReportDecision")!;
        Assert.Equal(("Failed", 2), (record["status"]!.GetValue<string>(), record["attempts"]!.GetValue<int>()));
        Assert.Contains("Try again later", record["lastError"]!.GetValue<string>());

        var messageId = record["message"]!["id"]!.GetValue<string>();
        await SchoolApi.EnsureSuccess(await school.Post($"/messages/{messageId}/retry", new { }));
        await Eventually.Until(() => school.Get("/messages?upn=T000000000001"), m => m.AsArray().Any(x => x!["status"]!.GetValue<string>() == "Sent"));
        await SchoolApi.EnsureSuccess(await school.Post($"/messages/{messageId}/retry", new { })); // already sent: not again
        await Task.Delay(1500);
        Assert.Equal(before + 1, fixture.Smtp.To(joAccount.Email).Count);
        Assert.Contains("needs more from you", fixture.Smtp.To(joAccount.Email)[^1].TextBody);
    }
}
