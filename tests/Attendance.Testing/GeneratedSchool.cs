using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Attendance.Domain;

namespace Attendance.Testing;

/// <summary>
/// A school made through the HTTP API for runs against a real server process, whose clock is the real one: a term
/// around today, primary session times, and a roll of generated pupils in classes of 30 (C00, C01, ...).
/// </summary>
public sealed record GeneratedSchool(string Id, IReadOnlyList<string> Upns, Session Session)
{
    public const int PupilsPerClass = 30;

    /// <summary>Pupil <paramref name="pupil"/> of school <paramref name="school"/>: a 13-character UPN.</summary>
    public static string Upn(int school, int pupil) => $"B{school:D4}{pupil:D8}";

    public static string ClassOf(int pupil) => $"C{pupil / PupilsPerClass:D2}";

    /// <summary>The instant a generated school's clock (England) shows <paramref name="time"/> on the day of <paramref name="session"/>.</summary>
    public static DateTimeOffset At(Session session, TimeOnly time) =>
        SchoolSettings.InstantOf(session.Date.ToDateTime(time), SchoolSettings.EnglandTimeZone);

    /// <summary>Creates the school and its roll; the caller must be allowed to manage it.</summary>
    public static async Task<GeneratedSchool> CreateAsync(HttpClient http, string schoolId, int index, int pupils)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var settings = new
        {
            name = $"Generated school {index + 1}",
            calendar = new { terms = new[] { new { name = "Generated term", start = today.AddDays(-60), end = today.AddDays(60) } } },
            sessionTimes = SessionTimes.PrimaryDefault,
        };
        (await http.PutAsJsonAsync($"/api/schools/{schoolId}", settings)).EnsureSuccessStatusCode();
        var csv = new StringBuilder("UPN,LegalForename,LegalSurname,DateOfBirth,YearGroup,RegistrationGroup\n");
        for (var pupil = 0; pupil < pupils; pupil++)
        {
            csv.Append($"{Upn(index, pupil)},Pupil,{pupil},2017-01-01,4,{ClassOf(pupil)}\n");
        }

        (await http.PostAsync($"/api/schools/{schoolId}/roster", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();
        var status = await http.GetFromJsonAsync<JsonElement>($"/api/schools/{schoolId}/status");
        return Session.TryParse(status.GetProperty("session").GetString(), out var session)
            ? new GeneratedSchool(schoolId, [.. Enumerable.Range(0, pupils).Select(p => Upn(index, p))], session)
            : throw new InvalidOperationException($"School {schoolId} has no session.");
    }
}
