using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Attendance.Server.Access;
using Attendance.Server.Families;
using Attendance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Attendance.Server.Tests;

/// <summary>A server that takes evidence files of at most 4 KB, so the size limit is tested at its boundary.</summary>
public sealed class EvidenceServerFixture : IDisposable
{
    public const int MostBytes = 4096;

    public AttendanceServer Server { get; } = new(settings: new Dictionary<string, string> { ["Limits:MaxEvidenceBytes"] = MostBytes.ToString() });

    public void Dispose() => Server.Dispose();
}

/// <summary>A parent sends a photo or a PDF with their report; the office and the lead open it; nobody else can.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class EvidenceApiTests(EvidenceServerFixture fixture) : IClassFixture<EvidenceServerFixture>
{
    private readonly ParentUser jo = new("Jo Smith", $"jo.{Guid.NewGuid():N}@example.org");
    private readonly ParentUser kim = new("Kim Jones", $"kim.{Guid.NewGuid():N}@example.org");

    private AttendanceServer Server => fixture.Server;

    /// <summary>A JPEG's first bytes, then filler to the length asked.</summary>
    private static byte[] Jpeg(int length) => [0xFF, 0xD8, 0xFF, 0xE0, .. Enumerable.Repeat((byte)0x42, length - 4)];

    private async Task<(SchoolApi School, string ReportId)> Reported()
    {
        Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 8, 0, 0, TimeSpan.Zero);
        var school = await new SchoolApi(Server.CreateClient()).CreateAsync(SchoolApi.RosterWithEmails(jo.Email, kim.Email));
        storedBefore = ((InMemoryEvidenceStore)Server.Services.GetRequiredService<IEvidenceStore>()).Count;
        var report = await Server.ClientAs(jo).PostAsJsonAsync($"/api/family/children/{school.Id}/T000000000001/absences",
            new { first = "2026-11-10-AM", reason = "MedicalAppointment", details = "Hospital" });
        Assert.Equal(HttpStatusCode.Created, report.StatusCode);
        return (school, (string)JsonNode.Parse(await report.Content.ReadAsStringAsync())!["id"]!);
    }

    private Task<HttpResponseMessage> Send(ParentUser parent, string schoolId, string upn, string reportId, byte[] content, string fileName = "card.jpg")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg"); // what the phone says; the school looks at the bytes
        form.Add(file, "file", fileName);
        return Server.ClientAs(parent).PostAsync($"/api/family/children/{schoolId}/{upn}/absences/{reportId}/evidence", form);
    }

    /// <summary>The files listed on the school's first report, and whether the store holds exactly those (nothing left behind).</summary>
    private async Task<int> Files(SchoolApi school)
    {
        var listed = (await school.Get("/family-requests"))["reports"]![0]!["evidence"]?.AsArray().Count ?? 0;
        var store = (InMemoryEvidenceStore)Server.Services.GetRequiredService<IEvidenceStore>();
        Assert.Equal(storedBefore + listed, store.Count);
        return listed;
    }

    private int storedBefore;

    [Fact]
    public async Task A_parent_sends_a_photo_with_their_report_and_only_the_office_and_the_lead_open_it()
    {
        var (school, reportId) = await Reported();
        var photo = Jpeg(EvidenceServerFixture.MostBytes); // exactly at the limit: taken
        var sent = await Send(jo, school.Id, "T000000000001", reportId, photo);
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var file = JsonNode.Parse(await sent.Content.ReadAsStringAsync())!["evidence"]!.AsArray().Single()!;
        Assert.Equal(("image/jpeg", photo.Length, Convert.ToHexStringLower(SHA256.HashData(photo))), ((string?)file["contentType"], (int)file["bytes"]!, (string?)file["sha256"]));

        var url = school.Url($"/absence-reports/{reportId}/evidence/{file["id"]}");
        foreach (var reader in new[] { TestUsers.Officer(school.Id), TestUsers.Lead(school.Id) })
        {
            var opened = await Server.ClientAs(reader).GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
            Assert.Equal(photo, await opened.Content.ReadAsByteArrayAsync());
            Assert.Equal("image/jpeg", opened.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", opened.Content.Headers.ContentDisposition?.DispositionType);
            Assert.EndsWith("; sandbox", opened.Headers.GetValues("Content-Security-Policy").Single());
            Assert.True(opened.Headers.CacheControl?.NoStore);
        }

        // Each opening is a read of the pupil's record, kept with the others.
        var reads = await Server.Services.GetRequiredService<IPupilReads>().Of(school.Id, "T000000000001");
        Assert.Equal(2, reads.Count(r => r.What == PupilReadKind.AbsenceEvidence));

        foreach (var refused in new[] { TestUsers.Senior(school.Id), TestUsers.Teacher(school.Id, "3B"), TestUsers.Trust })
        {
            await SchoolApi.Problem(await Server.ClientAs(refused).GetAsync(url), HttpStatusCode.Forbidden);
        }

        await SchoolApi.Problem(await Server.ClientAs(jo).GetAsync(url), HttpStatusCode.Forbidden);
        await SchoolApi.Problem(await Server.ClientAs(TestUsers.Officer(school.Id)).GetAsync(school.Url($"/absence-reports/{reportId}/evidence/evidence-000000000000")), HttpStatusCode.NotFound);

        // A subject access request holds the file as it came, beside the report it came with.
        var zip = await Server.ClientAs(TestUsers.Officer(school.Id)).GetAsync(school.Url("/pupils/T000000000001/subject-access.zip"));
        using var archive = new System.IO.Compression.ZipArchive(await zip.Content.ReadAsStreamAsync());
        var entry = Assert.Single(archive.Entries, e => e.FullName.StartsWith("evidence/", StringComparison.Ordinal));
        Assert.Equal($"evidence/{reportId}-{file["id"]}.jpg", entry.FullName);
        using var held = new MemoryStream();
        await (await entry.OpenAsync()).CopyToAsync(held);
        Assert.Equal(photo, held.ToArray());
    }

    [Fact]
    public async Task A_file_that_is_not_a_photo_or_a_pdf_or_too_big_is_refused_and_nothing_is_kept()
    {
        var (school, reportId) = await Reported();
        var notAPhoto = await SchoolApi.Problem(await Send(jo, school.Id, "T000000000001", reportId, "MZ this is a program"u8.ToArray(), "card.jpg"), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:attendance:problem:evidence-refused", (string?)notAPhoto["type"]);
        Assert.Contains("'card.jpg' is not a photo (JPEG or PNG) or a PDF", (string?)notAPhoto["detail"]);

        var tooBig = await SchoolApi.Problem(await Send(jo, school.Id, "T000000000001", reportId, Jpeg(EvidenceServerFixture.MostBytes + 1)), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:attendance:problem:evidence-refused", (string?)tooBig["type"]);

        var huge = await SchoolApi.Problem(await Send(jo, school.Id, "T000000000001", reportId, Jpeg(200 * 1024)), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("urn:attendance:problem:body-too-large", (string?)huge["type"]);

        var empty = await SchoolApi.Problem(await Send(jo, school.Id, "T000000000001", reportId, []), HttpStatusCode.BadRequest);
        Assert.Equal("urn:attendance:problem:invalid-request", (string?)empty["type"]);
        var cutShort = new StringContent("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n\r\n\xFF\xD8");
        cutShort.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
        var malformed = await SchoolApi.Problem(await Server.ClientAs(jo).PostAsync($"/api/family/children/{school.Id}/T000000000001/absences/{reportId}/evidence", cutShort), HttpStatusCode.BadRequest);
        Assert.Equal("urn:attendance:problem:invalid-request", (string?)malformed["type"]);

        var noFile = await SchoolApi.Problem(await Server.ClientAs(jo).PostAsJsonAsync($"/api/family/children/{school.Id}/T000000000001/absences/{reportId}/evidence", new { }), HttpStatusCode.BadRequest);
        Assert.Equal("urn:attendance:problem:invalid-request", (string?)noFile["type"]);
        Assert.Equal(0, await Files(school));

        // A PDF and PNGs are taken, five at most.
        byte[][] files = ["%PDF-1.7 letter"u8.ToArray(), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2], Jpeg(10), Jpeg(20), Jpeg(30)];
        foreach (var content in files)
        {
            Assert.Equal(HttpStatusCode.Created, (await Send(jo, school.Id, "T000000000001", reportId, content)).StatusCode);
        }

        await SchoolApi.Problem(await Send(jo, school.Id, "T000000000001", reportId, Jpeg(40)), HttpStatusCode.BadRequest);
        Assert.Equal(5, await Files(school));
    }

    [Fact]
    public async Task Another_parent_or_an_accepted_report_takes_no_file()
    {
        var (school, reportId) = await Reported();

        // Millie's grandparent, also her contact and signed in: Jo's report is not theirs.
        var sam = new ParentUser("Sam Smith", $"sam.{Guid.NewGuid():N}@example.org");
        var roster = SchoolApi.RosterWithEmails(jo.Email, kim.Email)
            .Replace("Contact1Email\n", "Contact1Email,Contact2Email\n", StringComparison.Ordinal)
            .Replace($",{jo.Email}\n", $",{jo.Email},{sam.Email}\n", StringComparison.Ordinal);
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/roster", roster, "text/csv"));
        var grandparent = await SchoolApi.Problem(await Send(sam, school.Id, "T000000000001", reportId, Jpeg(100)), HttpStatusCode.NotFound);
        Assert.Equal("urn:attendance:problem:unknown-request", (string?)grandparent["type"]);

        // Kim's own child's address with Jo's report: no such report of hers. Jo's child's address: not her child.
        var notHers = await SchoolApi.Problem(await Send(kim, school.Id, "T000000000002", reportId, Jpeg(100)), HttpStatusCode.NotFound);
        Assert.Equal("urn:attendance:problem:unknown-request", (string?)notHers["type"]);
        await SchoolApi.Problem(await Send(kim, school.Id, "T000000000001", reportId, Jpeg(100)), HttpStatusCode.Forbidden);
        await SchoolApi.Problem(await Server.ClientAs(TestUsers.Officer(school.Id))
            .PostAsync($"/api/family/children/{school.Id}/T000000000001/absences/{reportId}/evidence", new MultipartFormDataContent()), HttpStatusCode.Forbidden);

        await SchoolApi.EnsureSuccess(await school.Post($"/absence-reports/{reportId}/answer", new { accept = true, code = "M", note = "Hospital letter seen" }));
        var decided = await SchoolApi.Problem(await Send(jo, school.Id, "T000000000001", reportId, Jpeg(100)), HttpStatusCode.Conflict);
        Assert.Equal("urn:attendance:problem:already-decided", (string?)decided["type"]);
        Assert.Equal(0, await Files(school));
    }
}
