using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using UglyToad.PdfPig;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>
/// Who read a pupil's record is kept (their page, their details and contacts, their transfer file), and the office can
/// answer a subject access request: everything held about one pupil as a ZIP of JSON, CSV and PDF, itself recorded.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class SubjectAccessTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Reading_a_pupils_record_is_recorded_and_the_office_exports_everything_held_about_them()
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = await new SchoolApi(fixture.Server.CreateClient()).CreateAsync();
        await SchoolApi.EnsureSuccess(await school.SubmitRegister("2026-11-10-AM", "/", "N", "/"));
        await SchoolApi.EnsureSuccess(await school.Post("/pupils/T000000000002/amendments", new { session = "2026-11-10-AM", code = "I", reason = "Mum rang: temperature" }));

        using var teacher = fixture.Server.ClientAs(TestUsers.Teacher(school.Id, "3B"));
        using var office = fixture.Server.ClientAs(TestUsers.Officer(school.Id));
        await SchoolApi.EnsureSuccess(await teacher.GetAsync(school.Url("/pupils/T000000000002/year")));
        await SchoolApi.EnsureSuccess(await office.GetAsync(school.Url("/pupils/T000000000002")));

        // Only the office and trust leaders export; a teacher or the head cannot.
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.GetAsync(school.Url("/pupils/T000000000002/subject-access.zip"))).StatusCode);
        using var head = fixture.Server.ClientAs(TestUsers.Senior(school.Id));
        Assert.Equal(HttpStatusCode.Forbidden, (await head.GetAsync(school.Url("/pupils/T000000000002/subject-access.zip"))).StatusCode);

        var response = await office.GetAsync(school.Url("/pupils/T000000000002/subject-access.zip"));
        await SchoolApi.EnsureSuccess(response);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        var names = zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            ["README.txt", "admission-register.json", "alerts.json", "attendance-register.csv", "casework.json", "extracts.json", "follow-up-tasks.json",
             "letters.json", "messages-home.json", "parents-requests.json", "previous-schools.json", "pupil.json", "record-read-by.json", "registration-certificate.pdf"],
            names);

        var pupil = JsonNode.Parse(Text(zip, "pupil.json"))!;
        Assert.Equal(("Oliver", "Kim Jones", "07700 900003"), (pupil["legalForename"]!.GetValue<string>(), pupil["contacts"]![0]!["name"]!.GetValue<string>(), pupil["contacts"]![0]!["phone"]!.GetValue<string>()));
        var register = Text(zip, "attendance-register.csv").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, register.Length); // the header, the N and the amendment to I with its reason and the original kept
        Assert.Contains("Mum rang: temperature", register[2]);
        Assert.Contains(",N,", register[2]);

        var readings = JsonNode.Parse(Text(zip, "record-read-by.json"))!.AsArray()
            .Select(r => $"{r!["what"]} {r["by"]} {r["withContacts"]}").ToList();
        Assert.Equal(["PupilPage Ms Patel false", "PupilRecord Mr Jones true", "SubjectAccessExport Mr Jones true"], readings);
        Assert.Contains("SubjectAccessExport", Text(zip, "extracts.json"));

        using var certificate = new MemoryStream();
        await using (var pdf = zip.GetEntry("registration-certificate.pdf")!.Open())
        {
            await pdf.CopyToAsync(certificate);
        }

        using var document = PdfDocument.Open(certificate.ToArray());
        Assert.Contains("Oliver Jones", string.Concat(document.GetPages().Select(p => p.Text)));
    }

    private static string Text(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }
}
