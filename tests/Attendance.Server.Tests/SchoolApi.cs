using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Attendance.Server.Tests;

/// <summary>Talks to the server the way a client would: JSON over HTTP. Creates a small school with its own id.</summary>
public class SchoolApi(HttpClient http)
{
    public const string Settings = """
        {
          "name": "Test Primary",
          "calendar": {
            "terms": [
              { "name": "Autumn 1", "start": "2026-09-03", "end": "2026-10-23" },
              { "name": "Autumn 2", "start": "2026-11-02", "end": "2026-12-18" }
            ],
            "closures": ["2026-11-02"]
          },
          "sessionTimes": {
            "am": { "opens": "08:40:00", "lateAfter": "09:00:00", "closes": "09:30:00" },
            "pm": { "opens": "13:00:00", "lateAfter": "13:00:00", "closes": "13:30:00" }
          }
        }
        """;

    /// <summary>
    /// <see cref="Settings"/> with last year's summer term (6 to 22 July 2026) before this autumn's: a school in its
    /// second year, its weeks numbered across the summer.
    /// </summary>
    public static string SettingsWithLastSummer()
    {
        var settings = System.Text.Json.Nodes.JsonNode.Parse(Settings)!;
        settings["calendar"]!["terms"]!.AsArray().Insert(0, System.Text.Json.Nodes.JsonNode.Parse("""{ "name": "Summer 2", "start": "2026-07-06", "end": "2026-07-22" }"""));
        return settings.ToJsonString();
    }

    public const string RosterCsv = """
        UPN,LegalForename,LegalSurname,PreferredForename,DateOfBirth,YearGroup,RegistrationGroup,ClassName,Phase,PupilPremium,SEND,HasSocialWorker,Vulnerable,Contact1Name,Contact1Relationship,Contact1Phone,Contact2Name,Contact2Relationship,Contact2Phone
        T000000000001,Amelia,Smith,Millie,2018-03-01,3,3B,Year 3 Beech,KS2,Y,N,N,N,Jo Smith,Mother,07700 900001,Sam Smith,Grandparent,07700 900002
        T000000000002,Oliver,Jones,,2018-04-02,3,3B,Year 3 Beech,KS2,N,Y,N,N,Kim Jones,Father,07700 900003,,,
        T000000000003,Isla,Patel,,2018-05-03,3,3B,Year 3 Beech,KS2,N,N,Y,Y,Raj Patel,Father,07700 900004,,,
        T000000000004,Noah,Brown,,2017-06-04,4,4G,Year 4 Glade,KS2,N,N,N,N,Ann Brown,Mother,07700 900005,,,
        """;

    /// <summary>
    /// <see cref="RosterCsv"/> with the priority contacts' e-mail addresses (what links a parent's account): Jo Smith's
    /// for Amelia and, when given, Kim Jones's for Oliver; Raj Patel (Isla) has only a phone.
    /// </summary>
    public static string RosterWithEmails(string jo, string? kim = null) => RosterCsv
        .Replace("Contact2Phone\n", "Contact2Phone,Contact1Email\n", StringComparison.Ordinal)
        .Replace("07700 900002\n", $"07700 900002,{jo}\n", StringComparison.Ordinal)
        .Replace("Kim Jones,Father,07700 900003,,,\n", $"Kim Jones,Father,07700 900003,,,,{kim}\n", StringComparison.Ordinal);

    /// <summary>
    /// Historic marks CSV: each run's code for both sessions of every school day from its first to its last date, by
    /// <see cref="Settings"/>' calendar (weekends, the October half term and the 2 November closure left out).
    /// </summary>
    public static string HistoryCsv(params (string Upn, string Code, DateOnly From, DateOnly To)[] runs)
    {
        var csv = new StringBuilder("UPN,Date,Session,Code\n");
        var closed = new DateOnly(2026, 11, 2);
        foreach (var (upn, code, from, to) in runs)
        {
            for (var day = from; day <= to; day = day.AddDays(1))
            {
                if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && day != closed && (day < new DateOnly(2026, 10, 24) || day > new DateOnly(2026, 11, 1)))
                {
                    csv.Append($"{upn},{day:yyyy-MM-dd},AM,{code}\n{upn},{day:yyyy-MM-dd},PM,{code}\n");
                }
            }
        }

        return csv.ToString();
    }

    /// <summary>
    /// A lesson timetable for the test school: on Tuesdays, maths for pupils 1-3 (KHA, S12) in period 1 (09:40) and
    /// English (BRO, E4) in period 2 (10:40); pupil 4's group has games with GRE in period 1.
    /// </summary>
    public const string Timetable = """
        {
          "periods": [
            { "id": "P1", "name": "Period 1", "starts": "09:40:00", "ends": "10:40:00" },
            { "id": "P2", "name": "Period 2", "starts": "10:40:00", "ends": "11:40:00" }
          ],
          "groups": [
            { "id": "3-Ma", "name": "Year 3 Maths", "subject": "Maths", "pupils": ["T000000000001", "T000000000002", "T000000000003"] },
            { "id": "3-En", "name": "Year 3 English", "subject": "English", "pupils": ["T000000000001", "T000000000002", "T000000000003"] },
            { "id": "4-Ga", "name": "Year 4 Games", "subject": "PE", "pupils": ["T000000000004"] }
          ],
          "lessons": [
            { "id": "ma", "group": "3-Ma", "week": 1, "day": "Tuesday", "period": "P1", "teacher": "KHA", "room": "S12" },
            { "id": "en", "group": "3-En", "week": 1, "day": "Tuesday", "period": "P2", "teacher": "BRO", "room": "E4" },
            { "id": "ga", "group": "4-Ga", "week": 1, "day": "Tuesday", "period": "P1", "teacher": "GRE", "room": "Hall" }
          ]
        }
        """;

    public async Task<SchoolApi> WithTimetable()
    {
        await EnsureSuccess(await Send(HttpMethod.Put, "/timetable", Timetable));
        return this;
    }

    public virtual string Id { get; } = $"s{Guid.NewGuid():N}"[..12];

    public string Url(string path = "") => $"/api/schools/{Id}{path}";

    /// <param name="roster">A roster CSV other than <see cref="RosterCsv"/>.</param>
    public async Task<SchoolApi> CreateAsync(string? roster = null)
    {
        await EnsureSuccess(await Send(HttpMethod.Put, "", Settings));
        await EnsureSuccess(await Send(HttpMethod.Post, "/roster", roster ?? RosterCsv, "text/csv"));
        return this;
    }

    /// <summary>Gives the school its own policy: the trust's, changed.</summary>
    public async Task<SchoolApi> WithPolicy(Action<JsonNode> change)
    {
        var policy = JsonNode.Parse(await http.GetStringAsync("/api/policy"))!;
        change(policy);
        await EnsureSuccess(await Send(HttpMethod.Put, "/policy", policy.ToJsonString()));
        return this;
    }

    /// <summary>A school whose policy reaches the penalty-notice threshold at 2 unauthorised sessions.</summary>
    public Task<SchoolApi> WithLowPenaltyThreshold() => WithPolicy(policy => policy["penaltyNoticeSessions"] = 2);

    /// <summary>
    /// Marks both of yesterday's sessions unauthorised (<c>G</c>): the first sets the pupil's baseline, the second
    /// crosses a threshold of 2. Resending is safe: the marks are then unchanged.
    /// </summary>
    public async Task MarkYesterdayUnauthorised(string upn)
    {
        foreach (var session in new[] { "2026-11-09-AM", "2026-11-09-PM" })
        {
            await EnsureSuccess(await Post($"/pupils/{upn}/marks", new { session, code = "G" }));
        }
    }

    /// <summary>Fails with the response body, so a refusal says why.</summary>
    public static async Task EnsureSuccess(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public Task<HttpResponseMessage> Send(HttpMethod method, string path, string body, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, Url(path)) { Content = new StringContent(body, System.Text.Encoding.UTF8, contentType) };

        // As a careful client does with a large upload: the server can refuse it before it is sent.
        request.Headers.ExpectContinue = body.Length > 1024 * 1024;
        return http.SendAsync(request);
    }

    public Task<HttpResponseMessage> Post(string path, object body) => http.PostAsJsonAsync(Url(path), body);

    public async Task<JsonNode> Get(string path)
    {
        var response = await http.GetAsync(Url(path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public Task<HttpResponseMessage> SubmitRegister(string session, params string[] codes) =>
        Post($"/classes/3B/registers/{session}", new
        {
            marks = codes.Select((code, i) => new { upn = $"T00000000000{i + 1}", code }),
        });

    /// <summary>Every entry of every pupil for a session: what "nothing changed" is checked against.</summary>
    public async Task<string> Snapshot(string session)
    {
        var histories = new List<string>();
        foreach (var upn in new[] { "T000000000001", "T000000000002", "T000000000003", "T000000000004" })
        {
            histories.Add((await Get($"/pupils/{upn}/sessions/{session}")).ToJsonString());
        }

        return string.Join("\n", histories) + (await Get($"/classes/3B/registers/{session}"))["state"];
    }

    /// <summary>A successful answer's JSON body.</summary>
    public static async Task<JsonNode> Body(HttpResponseMessage response)
    {
        await EnsureSuccess(response);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public static async Task<JsonNode> Problem(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal((int)expected, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>()));
        return problem;
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

/// <summary>The API of a school that already exists (e.g. after a restart).</summary>
public sealed class SchoolApiFor(HttpClient http, string id) : SchoolApi(http)
{
    public override string Id => id;
}
