using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Attendance.Server.Access;
using Attendance.Server.Live;
using Attendance.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace Attendance.Server.Tests;

/// <summary>
/// One pupil with every kind of data set (SEND and pupil premium, a social worker, vulnerable, contacts, every census
/// characteristic), in class 3B, a guest of a provision, with a first-day call and the provision's call-parent task.
/// </summary>
public sealed class PupilDataFixture : IAsyncLifetime
{
    public const string Upn = "T000000000009";

    public AttendanceServer Server { get; } = new(followUpEvery: TimeSpan.FromSeconds(1));

    public SchoolApi School { get; private set; } = null!;

    public string ProvisionId { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var http = Server.CreateClient();
        School = await new SchoolApi(http).CreateAsync(Roster);
        ProvisionId = await ProvisionApi.CreateWithGuestAsync(http, School.Id, Upn, part: "PM");
        await SchoolApi.EnsureSuccess(await School.Post("/classes/3B/registers/2026-11-10-AM", new { marks = new[] { new { upn = "T000000000001", code = "/" }, new { upn = Upn, code = "N" } } }));

        // The register closes at 09:30 (a first-day call) and the guest is not at the provision by 12:45 (a call-parent task).
        Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 12, 46, 0, TimeSpan.Zero);
        Assert.Contains(Upn, await Eventually.Until(() => http.GetStringAsync($"{School.Url("/tasks")}?upn={Upn}"), tasks => tasks.Contains(Upn, StringComparison.Ordinal)));
        Assert.Contains(Upn, await Eventually.Until(() => http.GetStringAsync($"/api/provisions/{ProvisionId}/tasks"), tasks => tasks.Contains(Upn, StringComparison.Ordinal)));
    }

    /// <summary>The sentinel pupil's values appear nowhere else, so each kind of data can be found in any answer.</summary>
    private const string Roster = """
        UPN,LegalForename,LegalSurname,PreferredForename,DateOfBirth,YearGroup,RegistrationGroup,ClassName,Phase,PupilPremium,SEND,HasSocialWorker,Vulnerable,Contact1Name,Contact1Relationship,Contact1Phone,Contact1Email,Sex,Ethnicity,FSM,SENProvision,LookedAfter,ChildInNeed
        T000000000001,Amelia,Smith,Millie,2018-03-01,3,3B,Year 3 Beech,KS2,N,N,N,N,Jo Smith,Mother,07700 900001,,F,WBRI,N,N,N,N
        T000000000009,Zephyrine,Quillfeather,Zee,2018-02-14,3,3B,Year 3 Beech,KS2,Y,Y,Y,Y,Morwenna Quillfeather,Mother,07700 900777,morwenna.q@example.org,F,WROM,Y,E,Y,CPP
        """;

    public Task DisposeAsync()
    {
        Server.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Each role's view of one pupil equals the table in docs/API.md ("What each role sees of a pupil"), on every endpoint
/// that carries a pupil's details and on the hub's task messages: what a role may not see is in no answer, what it
/// may see is in at least one.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class PupilDataTests(PupilDataFixture fixture) : IClassFixture<PupilDataFixture>
{
    /// <summary>How each kind of data shows in an answer: a value of the sentinel pupil's that nothing else has.</summary>
    private static readonly Dictionary<string, string> Evidence = new()
    {
        ["identity"] = "Zephyrine",
        ["teaching needs"] = "\"send\":true",
        ["contacts"] = "07700 900777",
        ["welfare"] = "\"hasSocialWorker\":true",
        ["characteristics"] = "WROM",
    };

    public static TheoryData<string> Roles => new() { "teacher (own groups)", "office", "lead", "senior", "trust", "provision staff (their guests)", "head of year (own forms)" };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Each_role_receives_what_the_table_says_on_every_endpoint_and_hub_message(string role)
    {
        var allowed = Table()[role];
        var answers = await Answers(role);
        Assert.NotEmpty(answers);

        foreach (var (kind, evidence) in Evidence)
        {
            var carrying = answers.Where(a => a.Body.Contains(evidence, StringComparison.Ordinal)).Select(a => a.Where).ToList();
            if (allowed.Contains(kind))
            {
                Assert.True(carrying.Count > 0, $"{role} may see {kind} but no answer carries it: {string.Join(", ", answers.Select(a => a.Where))}");
            }
            else
            {
                Assert.True(carrying.Count == 0, $"{role} may not see {kind}, yet {string.Join(", ", carrying)} carries it");
            }
        }
    }

    [Fact]
    public void The_table_in_the_docs_is_the_projection_in_the_code()
    {
        var table = Table();
        var byRole = new Dictionary<string, StaffRole>
        {
            ["teacher (own groups)"] = StaffRole.Teacher, ["office"] = StaffRole.AttendanceOfficer, ["lead"] = StaffRole.AttendanceLead,
            ["senior"] = StaffRole.SeniorLeader, ["trust"] = StaffRole.TrustLeader, ["provision staff (their guests)"] = StaffRole.ProvisionStaff,
            ["head of year (own forms)"] = StaffRole.HeadOfYear,
        };
        var names = new Dictionary<string, PupilFields>
        {
            ["identity"] = PupilFields.Identity, ["teaching needs"] = PupilFields.TeachingNeeds, ["contacts"] = PupilFields.Contacts,
            ["welfare"] = PupilFields.Welfare, ["characteristics"] = PupilFields.Characteristics,
        };
        Assert.Equal(byRole.Keys.Order(), table.Keys.Order());
        foreach (var (role, kinds) in table)
        {
            Assert.Equal(kinds.Aggregate(PupilFields.None, (fields, kind) => fields | names[kind]), PupilProjection.ByRole[byRole[role]]);
        }
    }

    /// <summary>Every answer carrying this pupil's details that the role may have, with where it came from.</summary>
    private async Task<List<(string Where, string Body)>> Answers(string role)
    {
        var school = fixture.School.Id;
        var (user, urls) = role switch
        {
            "teacher (own groups)" => (TestUsers.Teacher(school, "3B"), PupilUrls(school)),
            "head of year (own forms)" => (TestUsers.HeadOfYear(school, "3B"), PupilUrls(school)),
            "office" => (TestUsers.Officer(school), [.. PupilUrls(school), .. TaskUrls($"/api/schools/{school}/tasks")]),
            "lead" => (TestUsers.Lead(school), [.. PupilUrls(school), .. TaskUrls($"/api/schools/{school}/tasks")]),
            "senior" => (TestUsers.Senior(school), [.. PupilUrls(school), .. TaskUrls($"/api/schools/{school}/tasks")]),
            "trust" => (TestUsers.Trust, [.. PupilUrls(school), .. TaskUrls($"/api/schools/{school}/tasks"), .. ProvisionUrls()]),
            _ => (TestUsers.ProvisionStaff(fixture.ProvisionId), ProvisionUrls()),
        };

        using var http = fixture.Server.ClientAs(user);
        var answers = new List<(string, string)>();
        foreach (var url in urls)
        {
            var response = await http.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{role}: GET {url} answered {(int)response.StatusCode}");
            answers.Add(($"GET {url}", await response.Content.ReadAsStringAsync()));
        }

        answers.AddRange(await HubAnswers(user, role));
        return [.. answers.Where(a => a.Item2.Contains(PupilDataFixture.Upn, StringComparison.Ordinal))];
    }

    private string[] PupilUrls(string school) =>
    [
        $"/api/schools/{school}/pupils/{PupilDataFixture.Upn}",
        $"/api/schools/{school}/pupils/{PupilDataFixture.Upn}/year",
        $"/api/schools/{school}/classes/3B/registers/2026-11-10-AM",
        $"/api/schools/{school}/classes/3B/registers/2026-11-10-AM/sheet",
    ];

    private static string[] TaskUrls(string tasks) => [$"{tasks}?upn={PupilDataFixture.Upn}"];

    private string[] ProvisionUrls() =>
    [
        $"/api/provisions/{fixture.ProvisionId}/guests",
        $"/api/provisions/{fixture.ProvisionId}/guests/{PupilDataFixture.Upn}",
        $"/api/provisions/{fixture.ProvisionId}/day?date=2026-11-10",
        $"/api/provisions/{fixture.ProvisionId}/tasks",
    ];

    /// <summary>The hub's answer to SubscribeTasks and the "task" message that follows a call, as JSON on the wire.</summary>
    private async Task<List<(string, string)>> HubAnswers(StaffUser user, string role)
    {
        var owner = role switch
        {
            "teacher (own groups)" or "head of year (own forms)" => null, // no follow-up tasks
            "provision staff (their guests)" => fixture.ProvisionId,
            _ => fixture.School.Id,
        };
        if (owner is null)
        {
            return [];
        }

        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(fixture.Server.Address, AttendanceHub.Path), options => options.AccessTokenProvider = () => Task.FromResult<string?>(fixture.Server.TokenFor(user)))
            .Build();
        var pushed = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<JsonElement>("task", task => pushed.TrySetResult(task));
        await hub.StartAsync();
        var subscribed = await hub.InvokeAsync<JsonElement>("SubscribeTasks", owner);

        // A message left with the first contact: the task changes and is pushed to everyone following it.
        var task = subscribed.EnumerateArray().First(t => t.GetProperty("upn").GetString() == PupilDataFixture.Upn);
        using var http = fixture.Server.ClientAs(user);
        var owners = owner == fixture.School.Id ? "schools" : "provisions";
        await SchoolApi.EnsureSuccess(await http.PostAsJsonAsync($"/api/{owners}/{owner}/tasks/{task.GetProperty("id").GetString()}/calls", new { outcome = "MessageLeft" }));
        var message = await pushed.Task.WaitAsync(TimeSpan.FromSeconds(15));
        return [("hub SubscribeTasks", subscribed.GetRawText()), ("hub task message", message.GetRawText())];
    }

    /// <summary>The table between the pupil-fields markers of docs/API.md: each role's kinds of data marked "yes".</summary>
    private static Dictionary<string, HashSet<string>> Table()
    {
        var lines = File.ReadAllLines(Repository.File("docs/API.md"))
            .SkipWhile(l => !l.Contains("pupil-fields:start", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => !l.Contains("pupil-fields:end", StringComparison.Ordinal))
            .Select(l => l.Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .ToList();
        var kinds = lines[0][1..];
        return lines.Skip(2).ToDictionary(
            row => row[0],
            row => kinds.Where((_, i) => row[i + 1] == "yes").ToHashSet());
    }
}
