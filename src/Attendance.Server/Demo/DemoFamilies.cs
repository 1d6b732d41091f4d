using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Server.Demo;

/// <summary>
/// The demo trust's parents with accounts: Mrs Ahmed has a child in Year 3 at each school, Mr Green one at Oakfield.
/// Before the session plays, Mrs Ahmed has reported her Riverside child ill and asked Oakfield for leave for her
/// other child (at short notice, so it shows as late: Dr Hughes decides it), and Mr Green has reported an
/// orthodontist appointment.
/// </summary>
public static class DemoFamilies
{
    public const string AhmedEmail = "samira.ahmed@example.org";
    public const string GreenEmail = "tom.green@example.org";

    private static readonly Parent Ahmed = new("Mrs Ahmed", AhmedEmail);
    private static readonly Parent Green = new("Mr Green", GreenEmail);

    /// <summary>The roster with the families' children: the first pupils of the school's Year 3 class become theirs.</summary>
    public static Roster WithFamilies(Roster roster, string schoolId)
    {
        var families = schoolId == DemoSchool.Id
            ? new[] { ("Ahmed", "Samira Ahmed", "Mother", AhmedEmail), ("Green", "Tom Green", "Father", GreenEmail) }
            : [("Ahmed", "Samira Ahmed", "Mother", AhmedEmail)];
        var year3 = roster.Pupils.Where(p => p.YearGroup == "3").Take(families.Length).ToList();
        var changed = year3.Zip(families, (pupil, family) => pupil with
        {
            LegalSurname = family.Item1,
            Contacts = [new Contact(family.Item2, family.Item3, "07700 900100", family.Item4), .. pupil.Contacts.Skip(1)],
        }).ToDictionary(p => p.Upn);
        return roster with { Pupils = [.. roster.Pupils.Select(p => changed.GetValueOrDefault(p.Upn) ?? p)] };
    }

    /// <summary>The families' reports and request, for the next school days from today (the demo may start on a weekend).</summary>
    public static async Task SeedRequests(IGrainFactory grains, IReadOnlyList<(string Id, SchoolSettings Settings, Roster Roster)> schools, DateOnly today)
    {
        var calendar = schools[0].Settings.Calendar;
        var days = calendar.SchoolDays().Where(d => d >= today).Take(2).ToList();
        if (days.Count < 2)
        {
            return; // the school year has ended
        }

        var (first, next) = (days[0], days[1]);
        foreach (var (id, _, roster) in schools)
        {
            var requests = grains.GetGrain<IFamilyRequestsGrain>(id);
            var children = roster.Pupils.Where(p => p.Contacts.Any(c => c.Email is not null)).ToList();
            foreach (var child in children)
            {
                var parent = child.Contacts[0].Email == AhmedEmail ? Ahmed : Green;
                if (id == DemoSchool.RiversideId)
                {
                    await requests.Report(new NewAbsenceReport(child.Upn, new SessionRange(new Session(first, SessionPart.AM), new Session(first, SessionPart.PM)),
                        ParentReason.Illness, "Temperature and a cough since last night; keeping her at home.", parent));
                }
                else if (parent == Green)
                {
                    await requests.Report(new NewAbsenceReport(child.Upn, new SessionRange(new Session(next, SessionPart.AM), new Session(next, SessionPart.AM)),
                        ParentReason.MedicalAppointment, "Orthodontist at 10:30; back for lunch.", parent));
                }
                else
                {
                    var from = calendar.SchoolDays().Where(d => d > today.AddDays(9)).Take(3).ToList();
                    if (from.Count == 3)
                    {
                        await requests.RequestLeave(new NewLeaveRequest(child.Upn, new SessionRange(new Session(from[0], SessionPart.AM), new Session(from[2], SessionPart.PM)),
                            "Grandmother's funeral abroad: we travel on the first day and are back on the evening of the third.", parent));
                    }
                }
            }
        }
    }
}
