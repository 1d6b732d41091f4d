using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Attendance.Server.Access;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>Issue 16's Common Transfer File: a leaving pupil's attendance exported, and read in at the next school.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class CommonTransferFileTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Amelia = "T000000000001";

    private async Task<SchoolApi> NewSchool(string laEstab)
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = new SchoolApi(fixture.Server.CreateClient());
        var settings = JsonNode.Parse(SchoolApi.Settings)!;
        settings["laEstab"] = laEstab;
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Put, "", settings.ToJsonString()));
        var roster = SchoolApi.RosterCsv
            .Replace("Contact2Phone\n", "Contact2Phone,Sex\n", StringComparison.Ordinal)
            .Replace("07700 900002\n", "07700 900002,F\n", StringComparison.Ordinal);
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/roster", roster.ReplaceLineEndings("\n"), "text/csv"));
        return school;
    }

    private HttpClient Office(SchoolApi school) =>
        fixture.Server.ClientAs(StaffUser.Of("Mr Jones", "Attendance officer", [StaffRole.AttendanceOfficer], schools: [school.Id]));

    private static Task<HttpResponseMessage> Import(HttpClient office, SchoolApi school, string xml) =>
        office.PostAsync(school.Url("/ctf"), new StringContent(xml, System.Text.Encoding.UTF8, "application/xml"));

    private static XElement YearOf(XDocument ctf, string estab) =>
        ctf.Descendants("YearData").Single(y => (string?)y.Element("Estab") == estab);

    private static int Count(XElement year, string name) => (int)year.Element(name)!;

    [Fact]
    public async Task A_leaving_pupils_CTF_carries_the_years_totals_and_marks_and_the_next_school_reads_them_back()
    {
        var oak = await NewSchool("9372001");
        // Week of 9 November: Monday present then unauthorised holiday; Tuesday 10 November, morning on leave for a performance (C1).
        await SchoolApi.EnsureSuccess(await oak.Post($"/pupils/{Amelia}/marks", new { session = "2026-11-09-AM", code = "/" }));
        await SchoolApi.EnsureSuccess(await oak.Post($"/pupils/{Amelia}/marks", new { session = "2026-11-09-PM", code = "G" }));
        await SchoolApi.EnsureSuccess(await oak.Post($"/pupils/{Amelia}/marks", new { session = "2026-11-10-AM", code = "C1" }));
        var office = Office(oak);

        var answer = await office.GetAsync(oak.Url($"/pupils/{Amelia}/ctf.xml?destLea=937&destEstab=2002"));

        await SchoolApi.EnsureSuccess(answer);
        Assert.Equal("9372001_CTF_9372002_001.xml", answer.Content.Headers.ContentDisposition?.FileName);
        var xml = await answer.Content.ReadAsStringAsync();
        var ctf = XDocument.Parse(xml);
        var header = ctf.Root!.Element("Header")!;
        Assert.Equal(("CTfile", "937", "2001", "2026", "937", "2002"), (ctf.Root.Name.LocalName,
            (string)header.Element("SourceSchool")!.Element("LEA")!, (string)header.Element("SourceSchool")!.Element("Estab")!,
            (string)header.Element("SourceSchool")!.Element("AcademicYear")!, (string)header.Element("DestSchool")!.Element("LEA")!,
            (string)header.Element("DestSchool")!.Element("Estab")!));
        var pupil = ctf.Descendants("Pupil").Single();
        Assert.Equal((Amelia, "Smith", "Amelia", "2018-03-01", "F"),
            ((string)pupil.Element("UPN")!, (string)pupil.Element("Surname")!, (string)pupil.Element("Forename")!, (string)pupil.Element("DOB")!, (string)pupil.Element("Sex")!));

        var year = YearOf(ctf, "2001");
        Assert.Equal((2026, 3, 1, 1, 1), ((int)year.Element("Year")!, Count(year, "SessionsPossible"), Count(year, "SessionsAttended"), Count(year, "SessionsAuthorised"), Count(year, "SessionsUnauthorised")));
        var start = (string)year.Element("AttendSessions")!.Element("AttendanceStartDate")!;
        var marks = (string)year.Element("AttendSessions")!.Element("AttendanceMarks")!;
        Assert.Equal("2026-09-03", start); // the first day of the year: the first roster is the roll the school arrived with
        var daysToMonday = new DateOnly(2026, 11, 9).DayNumber - new DateOnly(2026, 9, 3).DayNumber;
        Assert.Equal((daysToMonday + 2) * 2, marks.Length); // two characters a day to today, 10 November
        Assert.Equal("--", marks[..2]); // 3 September: open, not marked
        Assert.Equal("####", marks[4..8]); // Saturday and Sunday 5-6 September
        Assert.Equal("/GC-", marks[(daysToMonday * 2)..]); // C1 is written as its letter; this afternoon is not marked yet

        var record = Assert.Single(JsonNode.Parse(await office.GetStringAsync(oak.Url("/returns/extracts")))!.AsArray())!;
        Assert.Equal(("CommonTransferFile", "Mr Jones"), (record["kind"]!.GetValue<string>(), record["by"]!.GetValue<string>()));

        // Amelia joins Elm, on its roster; Elm's office reads Oak's CTF.
        var elm = await NewSchool("9372002");
        var elmOffice = Office(elm);
        var imported = JsonNode.Parse(await (await Import(elmOffice, elm, xml)).EnsureSuccessStatusCode().Content.ReadAsStringAsync())!;
        Assert.Equal("Test Primary (937 2001)", imported["from"]!.GetValue<string>());
        var importedYear = imported["pupils"]![0]!["years"]![0]!;
        Assert.Equal((3, 3, true), (importedYear["sessionsPossible"]!.GetValue<int>(), importedYear["markedSessionsPossible"]!.GetValue<int>(), importedYear["marksMatchTotals"]!.GetValue<bool>()));

        var previous = (await elm.Get($"/pupils/{Amelia}/previous-attendance")).AsArray();
        var kept = Assert.Single(previous)!;
        Assert.Equal(("937", "2001", marks, "Mr Jones"), (kept["attendance"]!["lea"]!.GetValue<string>(), kept["attendance"]!["estab"]!.GetValue<string>(),
            kept["attendance"]!["marks"]!.GetValue<string>(), kept["importedBy"]!.GetValue<string>()));

        // The same file again changes nothing; Elm's own register is untouched by the previous school's marks.
        await (await Import(elmOffice, elm, xml)).EnsureSuccessStatusCode().Content.ReadAsStringAsync();
        Assert.Single((await elm.Get($"/pupils/{Amelia}/previous-attendance")).AsArray());
        Assert.Equal(0, (await elm.Get($"/pupils/{Amelia}"))["attendance"]!["present"]!.GetValue<int>());

        // When Amelia moves on again, Elm's CTF carries its own year and Oak's, as Oak sent it.
        var onward = XDocument.Parse(await (await elmOffice.GetAsync(elm.Url($"/pupils/{Amelia}/ctf.xml?destLea=938&destEstab=4000"))).EnsureSuccessStatusCode().Content.ReadAsStringAsync());
        Assert.Equal(2, onward.Descendants("YearData").Count());
        Assert.Equal(year.ToString(), YearOf(onward, "2001").ToString());
        Assert.Equal(0, Count(YearOf(onward, "2002"), "SessionsPossible"));
    }

    private static string Ctf(string upn, string marks, string? destEstab = "2002", string start = "2026-11-09") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <CTfile>
          <Header><DocumentName>Common Transfer File</DocumentName><CTFversion>25.0</CTFversion>
            <SourceSchool><LEA>823</LEA><Estab>4001</Estab><SchoolName>Ash Primary</SchoolName><AcademicYear>2026</AcademicYear></SourceSchool>
            <DestSchool><LEA>937</LEA><Estab>{destEstab}</Estab></DestSchool></Header>
          <CTFpupilData><Pupil><UPN>{upn}</UPN><Surname>Smith</Surname><Forename>Amelia</Forename>
            <Attendance><YearData><Year>2026</Year><LEA>823</LEA><Estab>4001</Estab><SchoolName>Ash Primary</SchoolName>
              <SessionsPossible>4</SessionsPossible><SessionsAuthorised>1</SessionsAuthorised><SessionsAttended>2</SessionsAttended><SessionsUnauthorised>1</SessionsUnauthorised>
              <AttendSessions><AttendanceStartDate>{start}</AttendanceStartDate><AttendanceMarks>{marks}</AttendanceMarks></AttendSessions></YearData></Attendance>
          </Pupil></CTFpupilData>
        </CTfile>
        """;

    [Fact]
    public async Task Old_codes_are_mapped_and_totals_that_differ_from_the_marks_are_reported()
    {
        var elm = await NewSchool("9372002");

        var answer = await Import(Office(elm), elm, Ctf(Amelia, "/\\HO/"));

        var year = JsonNode.Parse(await answer.EnsureSuccessStatusCode().Content.ReadAsStringAsync())!["pupils"]![0]!["years"]![0]!;
        Assert.Equal((4, 5, false), (year["sessionsPossible"]!.GetValue<int>(), year["markedSessionsPossible"]!.GetValue<int>(), year["marksMatchTotals"]!.GetValue<bool>()));
    }

    [Theory]
    [InlineData("/?", "T000000000001", "2002", "'?' for 2026-11-09-PM (character 2) is not an attendance code")]
    [InlineData("/\\", "T999999999999", "2002", "Pupil T999999999999 (Amelia Smith) is not on this school's roll")]
    [InlineData("/\\", "T000000000001", "2003", "addressed to establishment 937 2003, not this school (937 2002)")]
    public async Task A_CTF_with_anything_refused_keeps_nothing_and_says_what_and_where(string marks, string upn, string destEstab, string expected)
    {
        var elm = await NewSchool("9372002");

        var problem = await SchoolApi.Problem(await Import(Office(elm), elm, Ctf(upn, marks, destEstab)), HttpStatusCode.UnprocessableEntity);

        Assert.Equal("urn:attendance:problem:ctf-not-imported", problem["type"]!.GetValue<string>());
        Assert.Contains(expected, problem["detail"]!.GetValue<string>());
        Assert.Empty((await elm.Get($"/pupils/{Amelia}/previous-attendance")).AsArray());
    }

    [Fact]
    public async Task A_file_with_a_DTD_or_not_a_CTF_is_refused_without_reading_entities()
    {
        var elm = await NewSchool("9372002");
        var office = Office(elm);
        const string entity = """<?xml version="1.0"?><!DOCTYPE CTfile [<!ENTITY x SYSTEM "file:///etc/passwd">]><CTfile>&x;</CTfile>""";

        var dtd = await SchoolApi.Problem(await Import(office, elm, entity), HttpStatusCode.UnprocessableEntity);
        var other = await SchoolApi.Problem(await Import(office, elm, "<Roster/>"), HttpStatusCode.UnprocessableEntity);

        Assert.Contains("not readable XML", dtd["detail"]!.GetValue<string>());
        Assert.DoesNotContain("root:", dtd.ToJsonString());
        Assert.Contains("its first element is <Roster>, a CTF's is <CTfile>", other["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_office_exports_to_a_named_school_and_a_teacher_may_not()
    {
        var oak = await NewSchool("9372001");
        var teacher = fixture.Server.ClientAs(StaffUser.Of("Ms Patel", "Teacher", [StaffRole.Teacher], schools: [oak.Id]));

        var missing = await SchoolApi.Problem(await Office(oak).GetAsync(oak.Url($"/pupils/{Amelia}/ctf.xml?destLea=93&destEstab=2002")), HttpStatusCode.BadRequest);

        Assert.Contains("destLea (the local authority's three-digit number)", missing["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.GetAsync(oak.Url($"/pupils/{Amelia}/ctf.xml?destLea=937&destEstab=2002"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Import(teacher, oak, Ctf(Amelia, "/\\"))).StatusCode);
    }
}
