using Attendance.Grains.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>Letters and certificates as PDF, read back with PdfPig; e-mailed letters received by the test's SMTP server.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class LetterApiTests(FamilyServerFixture fixture) : IClassFixture<FamilyServerFixture>
{
    private readonly HttpClient staff = fixture.Server.CreateClient();
    private readonly string email = $"jo.{Guid.NewGuid():N}@example.org";

    private async Task<SchoolApi> School()
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        return await new SchoolApi(staff).CreateAsync(SchoolApi.RosterWithEmails(email));
    }

    /// <summary>Amelia: Monday present in the morning, ill in the afternoon (the first mark sets her baseline).</summary>
    private static async Task Monday(SchoolApi school, string upn = "T000000000001")
    {
        await SchoolApi.EnsureSuccess(await school.Post($"/pupils/{upn}/marks", new { session = "2026-11-09-AM", code = "/" }));
        await SchoolApi.EnsureSuccess(await school.Post($"/pupils/{upn}/marks", new { session = "2026-11-09-PM", code = "I" }));
    }

    private static Task<IReadOnlyList<string>> Pages(HttpResponseMessage response) => PdfText.Pages(response);

    [Fact]
    public async Task A_meeting_letter_merges_the_pupils_figures_encloses_the_certificate_goes_by_email_and_is_recorded()
    {
        var school = await School();
        await Monday(school);

        var response = await school.Post("/pupils/T000000000001/letters",
            new { template = "letter-2", meetingAt = "Tuesday 17 November at 9:00", meetingWith = "Mrs Okafor", delivery = "Email" });
        var pages = await Pages(response);
        Assert.Contains("Dear Jo Smith,", pages[0]);
        Assert.Contains("Millie has now missed 1 sessions this school year (attendance 50.0%)", pages[0]);
        Assert.Contains("The meeting is on Tuesday 17 November at 9:00, with Mrs Okafor.", pages[0]);
        Assert.Contains("Mr Jones, Attendance officer", pages[0]);
        var certificate = pages[^1];
        Assert.Contains("Registration certificate: Millie Smith", certificate);
        Assert.Contains("Possible sessions 2. Attended 1", certificate);
        Assert.Contains("Authorised absence 1. Unauthorised absence 0", certificate);
        Assert.Contains("w/c 09 Nov 26 Mon[/ I ] Tue[. . ]", certificate);

        var mail = await Eventually.Until(() => Task.FromResult(fixture.Smtp.To(email)), m => m.Count > 0);
        var attachment = Assert.Single(Assert.Single(mail).Attachments.OfType<MimeKit.MimePart>());
        Assert.Equal("letter-2-T000000000001.pdf", attachment.FileName);
        Assert.Equal("Attendance support meeting for Millie Smith", mail[0].Subject);

        var year = JsonNode.Parse(await staff.GetStringAsync(school.Url("/pupils/T000000000001/year")))!;
        var letter = Assert.Single(year["letters"]!.AsArray())!;
        Assert.Equal(("letter-2", "Email", "Mr Jones", email), (letter["templateKey"]!.GetValue<string>(), letter["delivery"]!.GetValue<string>(), letter["by"]!["name"]!.GetValue<string>(), letter["to"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_school_overrides_a_template_with_its_own_words_and_a_broken_template_is_refused()
    {
        var school = await School();
        var broken = await staff.PutAsJsonAsync(school.Url("/letters/templates/letter-1"), new { name = "Letter 1", subject = "Attendance", body = "Dear {{ ParentName " });
        Assert.Equal("urn:attendance:problem:invalid-template", (await SchoolApi.Problem(broken, HttpStatusCode.UnprocessableEntity))["type"]!.GetValue<string>());
        var own = await staff.PutAsJsonAsync(school.Url("/letters/templates/letter-1"), new { name = "Letter 1 (ours)", subject = "Attendance", body = "Hello {{ ParentName }}, {{ PrefFirstName }} is in {{ ClassName }}." });
        Assert.Equal(HttpStatusCode.NoContent, own.StatusCode);

        var templates = JsonNode.Parse(await staff.GetStringAsync(school.Url("/letters/templates")))!.AsArray();
        Assert.Equal(["letter-1 School", "letter-2 BuiltIn", "letter-3 BuiltIn", "unexplained-absence BuiltIn"],
            templates.Select(t => $"{t!["template"]!["key"]} {t["source"]}"));
        var pages = await Pages(await school.Post("/pupils/T000000000001/letters", new { template = "letter-1" }));
        Assert.Equal("Hello Jo Smith, Millie is in Year 3 Beech.", Assert.Single(pages).Split("2026")[^1].Trim());

        var unknown = await school.Post("/pupils/T000000000001/letters", new { template = "letter-9" });
        Assert.Contains("letter-1, letter-2, letter-3, unexplained-absence", (await SchoolApi.Problem(unknown, HttpStatusCode.NotFound))["detail"]!.GetValue<string>());
        var noEmail = await school.Post("/pupils/T000000000002/letters", new { template = "letter-1", delivery = "Email" });
        Assert.Contains("has no e-mail address", (await SchoolApi.Problem(noEmail, HttpStatusCode.BadRequest))["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_template_that_would_loop_or_grow_is_refused_when_saved_for_letters_and_the_first_day_message()
    {
        var school = await School();
        const string loop = "{% for i in (1..100000000) %}{{ PrefFirstName }}{% endfor %}";
        var letter = await staff.PutAsJsonAsync(school.Url("/letters/templates/letter-1"), new { name = "Letter 1", subject = "Attendance", body = loop });
        Assert.Contains("only text and merge fields", (await SchoolApi.Problem(letter, HttpStatusCode.UnprocessableEntity))["detail"]!.GetValue<string>());
        var trust = await staff.PutAsJsonAsync("/api/letters/templates/letter-1", new { name = "Letter 1", subject = loop, body = "Dear {{ ParentName }}" });
        Assert.Contains("only text and merge fields", (await SchoolApi.Problem(trust, HttpStatusCode.UnprocessableEntity))["detail"]!.GetValue<string>());

        var policy = JsonNode.Parse(await staff.GetStringAsync("/api/policy"))!;
        policy["families"]!["firstDayWording"] = "{% assign s = 'x' %}{% for i in (1..60) %}{% assign s = s | append: s %}{% endfor %}{{ s }}";
        var refused = await school.Send(HttpMethod.Put, "/policy", policy.ToJsonString());
        Assert.Contains("first-day message's wording is not a valid template", (await SchoolApi.Problem(refused, HttpStatusCode.UnprocessableEntity))["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task No_school_can_be_named_trust_so_the_trusts_templates_are_changed_by_trust_leaders_only()
    {
        var named = await staff.PutAsync("/api/schools/trust", new StringContent(SchoolApi.Settings, System.Text.Encoding.UTF8, "application/json"));
        Assert.Contains("reserved for the trust's own records", (await SchoolApi.Problem(named, HttpStatusCode.UnprocessableEntity))["detail"]!.GetValue<string>());

        // A lead whose school claim says "trust" reaches no school, and the trust's templates are untouched.
        using var lead = fixture.Server.ClientAs(TestUsers.Lead("trust"));
        await SchoolApi.Problem(await lead.PutAsJsonAsync("/api/schools/trust/letters/templates/letter-3", new { name = "Hijacked", subject = "x", body = "x" }), HttpStatusCode.NotFound);
        await SchoolApi.Problem(await lead.DeleteAsync("/api/schools/trust/letters/templates/letter-3"), HttpStatusCode.NotFound);
        var trustTemplates = fixture.Server.Services.GetRequiredService<IGrainFactory>().GetGrain<ILetterTemplatesGrain>(ILetterTemplatesGrain.TrustKey);
        Assert.DoesNotContain(await trustTemplates.GetOwn(), t => t.Name == "Hijacked");
    }

    [Fact]
    public async Task The_office_prepares_one_PDF_for_every_pupil_who_reached_a_stage_this_week()
    {
        var school = await (await School()).WithPolicy(policy => policy["stages"] = JsonNode.Parse("""[{ "name": "Letter 1", "sessionsMissed": 1, "action": "Send letter 1." }]"""));
        await Monday(school);
        await Monday(school, "T000000000002");
        await Eventually.Until(() => school.Get("/alerts?kind=Escalation"), a => a.AsArray().Count >= 2);

        var pages = await Pages(await school.Post("/letters/batch", new { template = "letter-1", stage = "letter 1" }));
        Assert.Equal(2, pages.Count);
        Assert.Contains("attendance of Millie Smith", pages[0]);
        Assert.Contains("attendance of Oliver Jones", pages[1]);
        var letters = await school.Get("/letters");
        Assert.Equal(["T000000000001 Post", "T000000000002 Post"], letters.AsArray().Select(l => $"{l!["upn"]} {l["delivery"]}").Order());

        var none = await school.Post("/letters/batch", new { template = "letter-1", stage = "Letter 2" });
        Assert.Contains("No pupil reached the stage 'Letter 2'", (await SchoolApi.Problem(none, HttpStatusCode.BadRequest))["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_office_previews_a_list_by_band_class_or_year_then_emails_those_with_an_address_and_prints_the_rest()
    {
        // Since September: Millie 40 of 70 sessions (57.1%; her mother has an address), Oliver and Isla every one; Noah, in
        // Year 4, no mark yet (no band measured: the policy's first).
        var school = await School();
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/history", SchoolApi.HistoryCsv(
            ("T000000000001", "/", new DateOnly(2026, 9, 7), new DateOnly(2026, 10, 2)), ("T000000000001", "N", new DateOnly(2026, 10, 5), new DateOnly(2026, 10, 23)),
            ("T000000000002", "/", new DateOnly(2026, 9, 7), new DateOnly(2026, 10, 23)), ("T000000000003", "/", new DateOnly(2026, 9, 7), new DateOnly(2026, 10, 23))), "text/csv"));

        var bands = (await school.Get("/policy"))["policy"]!["bands"]!.AsArray();
        var top = (string)bands[0]!["name"]!;
        var low = (string)bands.First(b => (decimal)b!["minimumPercent"]! <= 57.1m)!["name"]!;
        async Task<List<string>> Preview(object list) =>
            [.. (await SchoolApi.Body(await school.Post("/letters/batch/preview", list))).AsArray().Select(p => $"{p!["upn"]} {p["band"]} {p["delivery"]}")];

        Assert.Equal([$"T000000000001 {low} Email"], await Preview(new { template = "letter-1", band = low, byEmail = true }));
        Assert.Equal([$"T000000000004 {top} Post"], await Preview(new { template = "letter-1", yearGroup = "4" }));
        Assert.Equal([$"T000000000003 {top} Post", $"T000000000002 {top} Post"], await Preview(new { template = "letter-1", classId = "3b", band = top }));

        // By e-mail where there is an address: nothing to print.
        var emailed = await school.Post("/letters/batch", new { template = "letter-1", band = low, byEmail = true });
        Assert.Equal(HttpStatusCode.NoContent, emailed.StatusCode);
        Assert.Equal(("0", "1"), (emailed.Headers.GetValues("X-Letters-Printed").Single(), emailed.Headers.GetValues("X-Letters-Emailed").Single()));
        var mail = await Eventually.Until(() => Task.FromResult(fixture.Smtp.To(email)), m => m.Count > 0);
        Assert.Equal("letter-1-T000000000001.pdf", Assert.Single(Assert.Single(mail).Attachments.OfType<MimeKit.MimePart>()).FileName);

        // The class's top band by post: one PDF, a letter each.
        var printed = await school.Post("/letters/batch", new { template = "letter-1", classId = "3B", band = top, byEmail = true });
        Assert.Equal("2", printed.Headers.GetValues("X-Letters-Printed").Single());
        var pages = await Pages(printed);
        Assert.Equal(2, pages.Count);
        Assert.Contains("attendance of Isla Patel", pages[0]);
        Assert.Contains("attendance of Oliver Jones", pages[1]);
        var letters = (await school.Get("/letters")).AsArray().Select(l => $"{l!["upn"]} {l["delivery"]} {l["to"]}").Order();
        Assert.Equal([$"T000000000001 Email {email}", "T000000000002 Post ", "T000000000003 Post "], letters);

        // Nobody chosen, a band the policy does not have, or nobody matching: refused, nothing prepared.
        await SchoolApi.Problem(await school.Post("/letters/batch/preview", new { template = "letter-1" }), HttpStatusCode.BadRequest);
        var band = await SchoolApi.Problem(await school.Post("/letters/batch", new { template = "letter-1", band = "Platinum" }), HttpStatusCode.BadRequest);
        Assert.Contains(top, (string?)band["detail"]);
        await SchoolApi.Problem(await school.Post("/letters/batch", new { template = "letter-1", classId = "4G", band = low }), HttpStatusCode.BadRequest);
        Assert.Equal(3, (await school.Get("/letters")).AsArray().Count);
    }

    [Fact]
    public async Task The_certificate_totals_are_the_registers()
    {
        var school = await School();
        await Monday(school);
        await SchoolApi.EnsureSuccess(await school.SubmitRegister("2026-11-10-AM", "L", "/", "N"));
        var response = await staff.GetAsync(school.Url("/pupils/T000000000001/certificate.pdf"));
        var page = Assert.Single(await Pages(response));
        Assert.Contains("Possible sessions 3. Attended 2 (late before the register closed: 1)", page);
        Assert.Contains("Attendance 66.7%", page);
        Assert.Contains("Mon[/ I ] Tue[L . ]", page);
        Assert.Contains("w/c 02 Nov 26 Mon[# # ]", page); // the INSET day
    }
}
