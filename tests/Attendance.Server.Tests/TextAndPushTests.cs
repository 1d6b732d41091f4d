using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Attendance.Server.Access;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>
/// A server that sends texts through GOV.UK Notify's client to Notify's API served in the test, and notifications
/// through the Web Push client to a push service served in the test (which decrypts them as the browser would).
/// </summary>
public sealed class TextAndPushFixture : IAsyncLifetime
{
    private readonly TestSmtpServer smtp = new();

    public AttendanceServer Server { get; private set; } = null!;

    public TestNotifyService Notify { get; private set; } = null!;

    public TestPushService Push { get; private set; } = null!;

    /// <summary>The service's VAPID key pair (P-256, base64url).</summary>
    public (string Public, string Private) Vapid { get; } = NewVapidKeys();

    public async Task InitializeAsync()
    {
        Notify = await TestNotifyService.StartAsync();
        Push = await TestPushService.StartAsync();
        var settings = new Dictionary<string, string>(smtp.Settings) { ["Messages:FirstRetry"] = "00:00:01", ["Messages:MaxAttempts"] = "2" };
        foreach (var (key, value) in Notify.Settings.Concat(Push.Settings(Vapid.Public, Vapid.Private)))
        {
            settings[key] = value;
        }

        Server = new AttendanceServer(followUpEvery: TimeSpan.FromSeconds(1), settings: settings);
    }

    public async Task DisposeAsync()
    {
        Server.Dispose();
        await Notify.DisposeAsync();
        await Push.DisposeAsync();
        smtp.Dispose();
    }

    private static (string, string) NewVapidKeys()
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var p = key.ExportParameters(true);
        return (Base64Url.EncodeToString([0x04, .. p.Q.X!, .. p.Q.Y!]), Base64Url.EncodeToString(p.D));
    }
}

[Trait(TestCategory.Name, TestCategory.Fast)]
public class TextAndPushTests(TextAndPushFixture fixture) : IClassFixture<TextAndPushFixture>
{
    private const string Today = "2026-11-10-AM";
    private const string Isla = "T000000000003"; // her father Raj has a phone and no e-mail: his first-day message is a text

    private readonly ParentUser jo = new("Jo Smith", $"jo.{Guid.NewGuid():N}@example.org");

    // Each test's Raj has his own number, so Notify's record of one test's texts is not another's.
    private readonly string rajsNumber = $"07700 9{Random.Shared.Next(10000, 99999)}";

    /// <summary>A school whose 3B register is taken with everyone N at 09:10, and the messages home that follow at 09:30.</summary>
    private async Task<SchoolApi> AbsentMorning()
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 8, 0, 0, TimeSpan.Zero);
        var school = await new SchoolApi(fixture.Server.CreateClient()).CreateAsync(SchoolApi.RosterWithEmails(jo.Email).Replace("07700 900004", rajsNumber, StringComparison.Ordinal));
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        await SchoolApi.EnsureSuccess(await school.SubmitRegister(Today, "N", "N", "N"));
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 30, 0, TimeSpan.Zero);
        return school;
    }

    private static async Task<JsonNode> Message(SchoolApi school, string id, Func<JsonNode, bool> done) =>
        await Eventually.Until(async () => (await school.Get("/messages")).AsArray().FirstOrDefault(m => m!["message"]!["id"]!.GetValue<string>() == id) ?? new JsonObject(),
            m => m["status"] is not null && done(m));

    private JsonObject? TextTo(string number) => fixture.Notify.Texts.LastOrDefault(t => t["phone_number"]!.GetValue<string>() == number);

    [Fact]
    public async Task A_message_to_a_saved_list_goes_by_email_where_the_family_has_an_address_and_by_text_through_Notify_to_the_others()
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 8, 0, 0, TimeSpan.Zero);
        var school = await new SchoolApi(fixture.Server.CreateClient()).CreateAsync(SchoolApi.RosterWithEmails(jo.Email).Replace("07700 900004", rajsNumber, StringComparison.Ordinal));
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Put, "/letters/lists/year%203", "{\"yearGroup\": \"4\"}"));
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Put, "/letters/lists/Year%203", "{\"yearGroup\": \"3\"}")); // the same name in another case: replaced
        var lists = (await school.Get("/letters/lists")).AsArray();
        Assert.Equal([("Year 3", "3")], lists.Select(l => ((string)l!["name"]!, (string)l["criteria"]!["yearGroup"]!)));
        await SchoolApi.Problem(await school.Send(HttpMethod.Put, "/letters/lists/Everyone", "{}"), HttpStatusCode.BadRequest); // who?
        await SchoolApi.Problem(await school.Send(HttpMethod.Put, "/letters/lists/Band", "{\"band\": \"Gold\"}"), HttpStatusCode.BadRequest); // no such band: refused now, not when used
        await SchoolApi.Problem(await school.Send(HttpMethod.Put, "/letters/lists/Y3%2FY4", "{\"yearGroup\": \"3\"}"), HttpStatusCode.BadRequest); // a name that would not come back as itself

        var preview = (await SchoolApi.Body(await school.Post("/letters/batch/preview", new { list = "Year 3" }))).AsArray();
        Assert.Equal([("Isla Patel", "Sms"), ("Millie Smith", "Email"), ("Oliver Jones", "Sms")], preview.Select(p => ((string)p!["name"]!, (string)p["messageBy"]!))); // by name; only Millie's mother has an address
        Assert.Equal("urn:attendance:problem:unknown-saved-list", (string)(await SchoolApi.Problem(await school.Post("/letters/batch/preview", new { list = "Year 9" }), HttpStatusCode.NotFound))["type"]!);
        await SchoolApi.Problem(await school.Post("/letters/batch/preview", new { yearGroup = "3", measure = "PersistentlyAbsent" }), HttpStatusCode.BadRequest); // nobody is, yet

        foreach (var bad in new[] { "", "Dear {{ Surname }}", new string('x', 613) })
        {
            var refused = await SchoolApi.Problem(await school.Post("/messages/batch", new { list = "Year 3", message = bad }), HttpStatusCode.BadRequest);
            Assert.Equal(["message"], refused["items"]!.AsArray().Select(i => (string)i!));
        }

        var sent = await SchoolApi.Body(await school.Post("/messages/batch", new
        {
            list = "Year 3", message = "Dear {{ ContactName }}, {{ PrefFirstName }}'s class trip to the museum is on Friday: please send a packed lunch. {{ SchoolName }}",
        }));
        Assert.Equal((2, 1, 0), ((int)sent["texted"]!, (int)sent["emailed"]!, sent["noContact"]!.AsArray().Count));
        var text = await Eventually.Until(() => Task.FromResult(TextTo(rajsNumber)), t => t is not null);
        Assert.Equal("Dear Raj Patel, Isla's class trip to the museum is on Friday: please send a packed lunch. Test Primary", (string)text!["personalisation"]!["body"]!);
        var kept = (await school.Get("/messages")).AsArray().Where(m => (string)m!["message"]!["kind"]! == "ListMessage").ToList();
        Assert.Equal(3, kept.Count);
        Assert.Contains(kept, m => (string)m!["message"]!["channel"]! == "Email" && (string)m["message"]!["upn"]! == "T000000000001");

        Assert.Equal(HttpStatusCode.NoContent, (await school.Send(HttpMethod.Delete, "/letters/lists/YEAR%203", "")).StatusCode);
        await SchoolApi.Problem(await school.Send(HttpMethod.Delete, "/letters/lists/Year%203", ""), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Brothers_and_sisters_on_one_list_whose_parent_gets_the_same_words_get_them_once()
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 8, 0, 0, TimeSpan.Zero);
        var roster = SchoolApi.RosterCsv.Replace("Kim Jones,Father,07700 900003", $"Raj Patel,Father,{rajsNumber}", StringComparison.Ordinal)
            .Replace("07700 900004", rajsNumber, StringComparison.Ordinal); // Oliver and Isla: one father, one phone
        var school = await new SchoolApi(fixture.Server.CreateClient()).CreateAsync(roster);

        var sent = await SchoolApi.Body(await school.Post("/messages/batch", new { classId = "3B", message = "Dear {{ ContactName }}, parents' evening is on Thursday. {{ SchoolName }}" }));
        Assert.Equal(2, (int)sent["texted"]!); // Millie's mother, and Raj once for both
        var toRaj = await Eventually.Until(() => Task.FromResult(fixture.Notify.Texts.Count(t => (string)t["phone_number"]! == rajsNumber)), n => n > 0);
        await Task.Delay(500); // a second text, if one were sent, would have reached Notify by now
        Assert.Equal(1, fixture.Notify.Texts.Count(t => (string)t["phone_number"]! == rajsNumber));

        // Words about each child are each child's: both go.
        var named = await SchoolApi.Body(await school.Post("/messages/batch", new { classId = "3B", message = "{{ PrefFirstName }} has a reading book to return. {{ SchoolName }}" }));
        Assert.Equal(3, (int)named["texted"]!);
        Assert.Equal(1, toRaj);
    }

    [Fact]
    public async Task A_first_day_text_goes_through_Notify_and_its_delivery_receipt_marks_it_delivered()
    {
        var school = await AbsentMorning();
        var id = $"first-day-{Isla}-{Today}";

        var sent = await Message(school, id, m => m["status"]!.GetValue<string>() != "Queued");
        Assert.Equal("Sent", sent["status"]!.GetValue<string>());
        var text = Assert.IsType<JsonObject>(TextTo(rajsNumber));
        Assert.Equal(TestNotifyService.TemplateId, text["template_id"]!.GetValue<string>());
        Assert.Equal($"{school.Id}/{id}", text["reference"]!.GetValue<string>());
        Assert.StartsWith("Dear Raj Patel, Isla is not in school this morning", text["personalisation"]!["body"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NoContent, (await TestNotifyService.Receipt(fixture.Server.Address, text, "delivered")).StatusCode);
        var delivered = await Message(school, id, m => m["status"]!.GetValue<string>() == "Delivered");
        Assert.Equal("2026-11-10T09:31:00+00:00", delivered["deliveredAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_number_that_cannot_take_texts_is_undeliverable_from_the_receipt_or_at_once_and_never_tried_again()
    {
        // Notify takes the text, then reports the number dead.
        var school = await AbsentMorning();
        var id = $"first-day-{Isla}-{Today}";
        await Message(school, id, m => m["status"]!.GetValue<string>() == "Sent");
        await SchoolApi.EnsureSuccess(await TestNotifyService.Receipt(fixture.Server.Address, TextTo(rajsNumber)!, "permanent-failure"));
        var dead = await Message(school, id, m => m["status"]!.GetValue<string>() == "Undeliverable");
        Assert.Contains("correct the contact's number", dead["lastError"]!.GetValue<string>());

        // Notify refuses the number outright: one attempt, no retry, Notify's reason for the office (and no number in it).
        var refusedNumber = $"07700 8{Random.Shared.Next(10000, 99999)}";
        fixture.Notify.NotMobiles.Add(refusedNumber);
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 8, 0, 0, TimeSpan.Zero);
        var other = await new SchoolApi(fixture.Server.CreateClient()).CreateAsync(SchoolApi.RosterCsv.Replace("07700 900004", refusedNumber, StringComparison.Ordinal));
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        await SchoolApi.EnsureSuccess(await other.SubmitRegister(Today, "/", "/", "N"));
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 30, 0, TimeSpan.Zero);
        var refused = await Message(other, id, m => m["status"]!.GetValue<string>() != "Queued");
        Assert.Equal("Undeliverable", refused["status"]!.GetValue<string>());
        Assert.Equal(1, refused["attempts"]!.GetValue<int>());
        Assert.Equal("GOV.UK Notify refused the text: phone_number Not a UK mobile number. Check the contact's mobile number.", refused["lastError"]!.GetValue<string>());
        Assert.Single(fixture.Notify.Refused, refusedNumber); // asked once, never again

        // The office cannot "send again" what can never arrive.
        Assert.Equal("Undeliverable", (await (await other.Post($"/messages/{id}/retry", new { })).Content.ReadFromJsonAsync<JsonNode>())!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_text_Notify_refuses_for_the_services_set_up_is_retried_then_failed_and_goes_once_the_set_up_is_right()
    {
        fixture.Notify.TrialMode = true;
        try
        {
            var school = await AbsentMorning();
            var id = $"first-day-{Isla}-{Today}";
            var failed = await Message(school, id, m => m["status"]!.GetValue<string>() is "Failed" or "Undeliverable" or "Sent");
            Assert.Equal(("Failed", 2), (failed["status"]!.GetValue<string>(), failed["attempts"]!.GetValue<int>())); // Messages:MaxAttempts
            Assert.Contains("trial mode", failed["lastError"]!.GetValue<string>());
            Assert.Equal(2, fixture.Notify.Refused.Count(n => n == rajsNumber));

            fixture.Notify.TrialMode = false; // the service goes live
            await SchoolApi.EnsureSuccess(await school.Post($"/messages/{id}/retry", new { }));
            Assert.Equal("Sent", (await Message(school, id, m => m["status"]!.GetValue<string>() == "Sent"))["status"]!.GetValue<string>());
            Assert.NotNull(TextTo(rajsNumber));
        }
        finally
        {
            fixture.Notify.TrialMode = false;
        }
    }

    [Fact]
    public async Task A_receipt_without_the_token_or_that_is_not_Notifys_is_refused_and_changes_nothing()
    {
        var school = await AbsentMorning();
        var id = $"first-day-{Isla}-{Today}";
        await Message(school, id, m => m["status"]!.GetValue<string>() == "Sent");
        var text = TextTo(rajsNumber)!;

        var forged = await SchoolApi.Problem(await TestNotifyService.Receipt(fixture.Server.Address, text, "permanent-failure", token: "guessed"), HttpStatusCode.Unauthorized);
        Assert.Equal("urn:attendance:problem:receipt-token-refused", forged["type"]!.GetValue<string>());
        await SchoolApi.Problem(await TestNotifyService.Receipt(fixture.Server.Address, text, "permanent-failure", token: ""), HttpStatusCode.Unauthorized);
        var status = await SchoolApi.Problem(await TestNotifyService.Receipt(fixture.Server.Address, text, "sending"), HttpStatusCode.BadRequest);
        Assert.Contains("'sending' is not a delivery status", status["detail"]!.GetValue<string>());
        var stranger = (JsonObject)text.DeepClone();
        stranger["reference"] = $"{school.Id}/first-day-nobody";
        await SchoolApi.Problem(await TestNotifyService.Receipt(fixture.Server.Address, stranger, "delivered"), HttpStatusCode.NotFound);
        stranger["reference"] = "no-school-in-it";
        await SchoolApi.Problem(await TestNotifyService.Receipt(fixture.Server.Address, stranger, "delivered"), HttpStatusCode.BadRequest);

        Assert.Equal("Sent", (await Message(school, id, _ => true))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_parent_with_notifications_on_gets_the_first_day_message_on_each_device_and_a_gone_device_is_forgotten()
    {
        var parent = fixture.Server.ClientAs(jo);
        var phone = fixture.Push.Subscribe(fixture.Vapid.Public);
        var oldTablet = fixture.Push.Subscribe(fixture.Vapid.Public);
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 8, 0, 0, TimeSpan.Zero);
        var school = await new SchoolApi(fixture.Server.CreateClient()).CreateAsync(SchoolApi.RosterWithEmails(jo.Email));
        Assert.Equal(fixture.Vapid.Public, (await parent.GetFromJsonAsync<JsonNode>("/api/family/devices"))!["publicKey"]!.GetValue<string>());
        await SchoolApi.EnsureSuccess(await parent.PutAsJsonAsync("/api/family/devices", phone.Json));
        await SchoolApi.EnsureSuccess(await parent.PutAsJsonAsync("/api/family/devices", oldTablet.Json));
        await SchoolApi.EnsureSuccess(await parent.PutAsJsonAsync("/api/family/devices", phone.Json)); // the same device again is still one
        Assert.Equal(2, (await parent.GetFromJsonAsync<JsonNode>("/api/family/devices"))!["devices"]!.GetValue<int>());
        fixture.Push.Drop(oldTablet.Endpoint);

        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        await SchoolApi.EnsureSuccess(await school.SubmitRegister(Today, "N", "/", "/"));
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 30, 0, TimeSpan.Zero);

        var pushed = await Message(school, $"first-day-T000000000001-{Today}-push", m => m["status"]!.GetValue<string>() != "Queued");
        Assert.Equal("Sent", pushed["status"]!.GetValue<string>());
        Assert.Equal("Push", pushed["message"]!["channel"]!.GetValue<string>());
        var notification = Assert.Single(fixture.Push.Received(phone.Endpoint));
        Assert.Equal("Millie is not in school: please tell us why", notification["title"]!.GetValue<string>());
        Assert.Equal("Marked absent with no reason given. Tap to tell the school why.", notification["body"]!.GetValue<string>());
        Assert.Equal($"/parent.html?report={school.Id}/T000000000001", notification["url"]!.GetValue<string>());
        Assert.Equal(1, (await parent.GetFromJsonAsync<JsonNode>("/api/family/devices"))!["devices"]!.GetValue<int>());
        Assert.True((await parent.GetFromJsonAsync<JsonNode>($"/api/family/devices?endpoint={Uri.EscapeDataString(phone.Endpoint)}"))!["thisDevice"]!.GetValue<bool>());
        Assert.False((await parent.GetFromJsonAsync<JsonNode>($"/api/family/devices?endpoint={Uri.EscapeDataString(oldTablet.Endpoint)}"))!["thisDevice"]!.GetValue<bool>());

        // The e-mail went as well, and the parent's page lists the message once.
        Assert.Equal("Sent", (await Message(school, $"first-day-T000000000001-{Today}", m => m["status"]!.GetValue<string>() != "Queued"))["status"]!.GetValue<string>());
        var family = (await parent.GetFromJsonAsync<JsonNode>("/api/family"))!;
        Assert.Single(family["messages"]!.AsArray(), m => m!["subject"]!.GetValue<string>().StartsWith("Millie is not in school", StringComparison.Ordinal));

        // Turned off: nothing more reaches the phone.
        Assert.Equal(HttpStatusCode.NoContent, (await parent.DeleteAsync($"/api/family/devices?endpoint={Uri.EscapeDataString(phone.Endpoint)}")).StatusCode);
        Assert.Equal(0, (await parent.GetFromJsonAsync<JsonNode>("/api/family/devices"))!["devices"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_subscription_to_an_address_that_is_not_a_push_service_or_with_bad_keys_or_from_someone_not_a_linked_parent_is_refused()
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 8, 0, 0, TimeSpan.Zero);
        await new SchoolApi(fixture.Server.CreateClient()).CreateAsync(SchoolApi.RosterWithEmails(jo.Email));
        var parent = fixture.Server.ClientAs(jo);
        var good = fixture.Push.Subscribe(fixture.Vapid.Public);
        var keys = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(good.Json))!["keys"]!;

        async Task<string> Refused(object body)
        {
            var problem = await SchoolApi.Problem(await parent.PutAsJsonAsync("/api/family/devices", body), HttpStatusCode.UnprocessableEntity);
            Assert.Equal("urn:attendance:problem:invalid-push-subscription", problem["type"]!.GetValue<string>());
            return problem["detail"]!.GetValue<string>();
        }

        Assert.StartsWith("'169.254.169.254' is not a browser push service", await Refused(new { endpoint = "http://169.254.169.254/latest/meta-data", keys }));
        Assert.StartsWith("'fcm.googleapis.com.evil.example' is not", await Refused(new { endpoint = "https://fcm.googleapis.com.evil.example/x", keys }));
        Assert.StartsWith("The subscription's endpoint is not a web address", await Refused(new { endpoint = "push me", keys }));
        Assert.StartsWith("The subscription's p256dh key", await Refused(new { endpoint = good.Endpoint, keys = new { p256dh = keys["auth"]!.GetValue<string>(), auth = keys["auth"]!.GetValue<string>() } }));
        Assert.StartsWith("The subscription's auth secret", await Refused(new { endpoint = good.Endpoint, keys = new { p256dh = keys["p256dh"]!.GetValue<string>(), auth = "not*base64" } }));
        Assert.Equal(0, (await parent.GetFromJsonAsync<JsonNode>("/api/family/devices"))!["devices"]!.GetValue<int>());

        var staff = await SchoolApi.Problem(await fixture.Server.ClientAs(TestUsers.Trust).PutAsJsonAsync("/api/family/devices", good.Json), HttpStatusCode.Forbidden);
        Assert.Equal("urn:attendance:problem:not-a-parent", staff["type"]!.GetValue<string>());
        var stranger = fixture.Server.ClientAs(new ParentUser("Pat Nobody", $"pat.{Guid.NewGuid():N}@example.org"));
        var unlinked = await SchoolApi.Problem(await stranger.PutAsJsonAsync("/api/family/devices", good.Json), HttpStatusCode.Forbidden);
        Assert.Equal("urn:attendance:problem:not-your-child", unlinked["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_lead_on_duty_gets_a_truancy_alert_on_their_phone_the_moment_a_lesson_register_shows_a_pupil_missing()
    {
        var tuesday = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        fixture.Server.Clock.Now = tuesday;
        var school = await (await new SchoolApi(fixture.Server.CreateClient()).CreateAsync()).WithTimetable();
        var lead = fixture.Server.ClientAs(TestUsers.Lead(school.Id));
        var phone = fixture.Push.Subscribe(fixture.Vapid.Public);
        await SchoolApi.EnsureSuccess(await lead.PutAsJsonAsync(school.Url("/duty"), phone.Json));
        var onDuty = Assert.Single((await lead.GetFromJsonAsync<JsonNode>(school.Url("/duty")))!["onDuty"]!.AsArray())!;
        Assert.Equal("2026-11-11T00:00:00+00:00", onDuty["until"]!.GetValue<string>()); // the end of the school's day (GMT in November)

        // Duty is for those who see the school's alerts.
        await SchoolApi.Problem(await fixture.Server.ClientAs(TestUsers.Officer(school.Id)).PutAsJsonAsync(school.Url("/duty"), phone.Json), HttpStatusCode.Forbidden);
        await SchoolApi.Problem(await fixture.Server.ClientAs(TestUsers.Teacher(school.Id, "3B")).GetAsync(school.Url("/duty")), HttpStatusCode.Forbidden);
        var refused = await SchoolApi.Problem(await lead.PutAsJsonAsync(school.Url("/duty"), new { endpoint = "http://10.0.0.1/admin", keys = new { p256dh = "x", auth = "y" } }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:attendance:problem:invalid-push-subscription", refused["type"]!.GetValue<string>());

        await SchoolApi.EnsureSuccess(await school.SubmitRegister("2026-11-10-AM", "/", "/", "/"));
        fixture.Server.Clock.Now = tuesday.AddMinutes(35);
        var maths = new { marks = new[] { new { upn = "T000000000001", presence = "Absent" }, new { upn = "T000000000002", presence = "Present" }, new { upn = "T000000000003", presence = "Present" } } };
        await SchoolApi.EnsureSuccess(await fixture.Server.ClientAs(TestUsers.SubjectTeacher(school.Id, "KHA", "Mr Khan")).PostAsJsonAsync(school.Url("/lessons/2026-11-10/ma/register"), maths));

        var notification = (await Eventually.Until(() => Task.FromResult(fixture.Push.Received(phone.Endpoint)), r => r.Count > 0)).Single();
        Assert.Equal("Possible truancy: Millie Smith", notification["title"]!.GetValue<string>());
        Assert.Equal("Millie Smith (3B) was registered in school (/) but is missing from Period 1 Maths (Year 3 Maths), KHA in S12. Last seen: registration (AM).", notification["body"]!.GetValue<string>());
        Assert.Equal($"/pupil.html?school={school.Id}&upn=T000000000001", notification["url"]!.GetValue<string>());

        // Off duty at the end of the day.
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 11, 0, 0, 0, TimeSpan.Zero);
        Assert.Empty((await lead.GetFromJsonAsync<JsonNode>(school.Url("/duty")))!["onDuty"]!.AsArray());
    }
}
