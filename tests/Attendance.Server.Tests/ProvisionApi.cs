using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Attendance.Server.Tests;

/// <summary>The Bridge over HTTP: the test school's calendar, sessions at 09:30 and 12:30, and a guest from a school.</summary>
public static class ProvisionApi
{
    /// <summary>Creates a provision with a pupil (pupil 1 unless given) of <paramref name="schoolId"/> as a guest on Tuesday mornings (or afternoons); returns its id.</summary>
    public static async Task<string> CreateWithGuestAsync(HttpClient http, string schoolId, string upn = "T000000000001", string part = "AM")
    {
        var id = $"p{Guid.NewGuid():N}"[..12];
        var settings = JsonNode.Parse(SchoolApi.Settings)!;
        settings["name"] = "The Bridge";
        settings["sessionTimes"] = new JsonObject
        {
            ["am"] = new JsonObject { ["opens"] = "09:30:00", ["lateAfter"] = "09:35:00", ["closes"] = "10:00:00" },
            ["pm"] = new JsonObject { ["opens"] = "12:30:00", ["lateAfter"] = "12:35:00", ["closes"] = "13:00:00" },
        };
        await SchoolApi.EnsureSuccess(await http.PutAsync($"/api/provisions/{id}", JsonContent.Create(settings)));
        await SchoolApi.EnsureSuccess(await http.PutAsJsonAsync($"/api/schools/{schoolId}/pupils/{upn}/placement",
            new { provisionId = id, schedule = new[] { new { day = "Tuesday", part } } }));
        return id;
    }
}
