using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>
/// A provision's staff as a hostile user would try them: they cannot choose guests from the trust's roll (only the
/// pupil's own school places a pupil), cannot back-date an arrival to turn the school's N into the agreement code,
/// and cannot tell a pupil on another roll from one who does not exist.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class ProvisionGuestTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private static readonly object Tuesdays = new[] { new { day = "Tuesday", part = "AM" } };

    [Fact]
    public async Task Only_the_pupils_own_school_places_them_with_a_provision()
    {
        var (schoolA, schoolB, provisionId) = (fixture.SchoolA.Id, fixture.SchoolB.Id, fixture.ProvisionId);
        using var provision = fixture.Server.ClientAs(TestUsers.ProvisionStaff(provisionId));
        using var officeB = fixture.Server.ClientAs(TestUsers.Officer(schoolB));
        using var officeA = fixture.Server.ClientAs(TestUsers.Officer(schoolA));
        var before = await Guests(provision);

        // The provision claiming pupil 2 of school A, through the old route or the school's.
        var claimed = await provision.PutAsJsonAsync($"/api/provisions/{provisionId}/guests/T000000000002", new { schoolId = schoolA, schedule = Tuesdays });
        Assert.False(claimed.IsSuccessStatusCode, $"{(int)claimed.StatusCode}");
        await SchoolApi.Problem(await provision.PutAsJsonAsync($"/api/schools/{schoolA}/pupils/T000000000002/placement", new { provisionId, schedule = Tuesdays }), HttpStatusCode.Forbidden);

        // Another school's office: not at school A, and school A's pupil is not on B's roll.
        await SchoolApi.Problem(await officeB.PutAsJsonAsync($"/api/schools/{schoolA}/pupils/T000000000002/placement", new { provisionId, schedule = Tuesdays }), HttpStatusCode.Forbidden);
        Assert.Equal(before, await Guests(provision));

        // School A's office places its own pupil.
        await SchoolApi.EnsureSuccess(await officeA.PutAsJsonAsync($"/api/schools/{schoolA}/pupils/T000000000003/placement", new { provisionId, schedule = Tuesdays }));
        Assert.Contains("T000000000003", await Guests(provision));
    }

    [Fact]
    public async Task A_provision_records_an_arrival_only_in_the_session_under_way()
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 40, 0, TimeSpan.Zero); // Tuesday, the provision's 09:30 session
        using var provision = fixture.Server.ClientAs(TestUsers.ProvisionStaff(fixture.ProvisionId));
        var school = fixture.SchoolA;
        await SchoolApi.EnsureSuccess(await school.Post("/pupils/T000000000001/marks", new { session = "2026-11-03-AM", code = "N" }));
        var lastTuesday = await school.Get("/pupils/T000000000001/sessions/2026-11-03-AM");

        foreach (var arrivedAt in new[] { "2026-11-03T09:35:00Z", "2026-10-20T09:45:00Z", "2026-11-10T09:50:00Z" }) // last Tuesday, a Tuesday last half term, later than now
        {
            var refused = await SchoolApi.Problem(
                await provision.PostAsJsonAsync($"/api/provisions/{fixture.ProvisionId}/arrivals", new { upn = "T000000000001", arrivedAt }), HttpStatusCode.UnprocessableEntity);
            Assert.Equal("urn:attendance:problem:not-current-session", (string?)refused["type"]);
            Assert.Contains("Ask the referring school to amend its register", (string?)refused["detail"]);
        }

        Assert.Equal(lastTuesday.ToJsonString(), (await school.Get("/pupils/T000000000001/sessions/2026-11-03-AM")).ToJsonString());
        await SchoolApi.EnsureSuccess(await provision.PostAsJsonAsync($"/api/provisions/{fixture.ProvisionId}/arrivals", new { upn = "T000000000001" }));
    }

    [Fact]
    public async Task A_pupil_not_placed_with_the_provision_looks_the_same_as_one_that_does_not_exist()
    {
        using var provision = fixture.Server.ClientAs(TestUsers.ProvisionStaff(fixture.ProvisionId));
        var onAnotherRoll = await Refusals(provision, "T000000000004"); // on school A's roll, not placed here
        var nobody = await Refusals(provision, "T999999999999");
        Assert.Equal(nobody, onAnotherRoll.Select(r => r.Replace("T000000000004", "T999999999999", StringComparison.Ordinal)));
    }

    /// <summary>How the provision's endpoints answer about a pupil: status, problem type and detail of each.</summary>
    private async Task<List<string>> Refusals(HttpClient provision, string upn)
    {
        var answers = new[]
        {
            await provision.GetAsync($"/api/provisions/{fixture.ProvisionId}/guests/{upn}"),
            await provision.PostAsJsonAsync($"/api/provisions/{fixture.ProvisionId}/arrivals", new { upn }),
            await provision.PostAsJsonAsync($"/api/provisions/{fixture.ProvisionId}/absences", new { upn, session = "2026-11-10-AM", code = "I", reason = "Ill" }),
        };
        var refusals = new List<string>();
        foreach (var answer in answers)
        {
            var problem = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
            refusals.Add($"{(int)answer.StatusCode} {problem["type"]} {problem["detail"]}");
        }

        return refusals;
    }

    private async Task<string> Guests(HttpClient provision) => await provision.GetStringAsync($"/api/provisions/{fixture.ProvisionId}/guests");
}
