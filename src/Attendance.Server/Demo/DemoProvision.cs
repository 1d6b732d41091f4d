using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Server.Demo;

/// <summary>
/// The demo trust's SEMH enhanced provision (seed 000): sessions at 09:30 and 12:30, two guests from each referring
/// school expected in the shown session. Three arrive (one late); one does not, so at 15 minutes past the start
/// the provision gets a call-parent task and the referring school's register shows N for that pupil.
/// </summary>
public static class DemoProvision
{
    public const string Id = "bridge";

    private static readonly Staff Keyworker = new("Mr Ellis", "Keyworker");

    public static SchoolSettings Settings(SchoolCalendar calendar) => new(
        "The Bridge SEMH Provision (demo)",
        calendar,
        new SessionTimes(
            new RegisterWindow(new TimeOnly(9, 30), new TimeOnly(9, 35), new TimeOnly(10, 0)),
            new RegisterWindow(new TimeOnly(12, 30), new TimeOnly(12, 35), new TimeOnly(13, 0))));

    /// <summary>Two Year 5 or 6 pupils from each school, at the provision in the shown session's part of every school day.</summary>
    public static IReadOnlyList<GuestPlacement> Placements(IEnumerable<(string SchoolId, Roster Roster)> schools, Session shown)
    {
        var schedule = new GuestSchedule([.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(day => new ScheduledSession(day, shown.Part))]);
        return
        [
            .. schools.SelectMany(s => s.Roster.Pupils
                .Where(p => p.YearGroup is "5" or "6" && !DemoSchool.Profile.Of(p).OnTheEdge)
                .Take(2)
                .Select(p => new GuestPlacement(s.SchoolId, p.Upn, schedule))),
        ];
    }

    public static IReadOnlyList<DemoMorning.Step> Plan(SchoolSettings settings, IReadOnlyList<GuestPlacement> guests, Session session)
    {
        var starts = settings.SessionTimes.For(session.Part).Opens;
        var steps = guests.SkipLast(1).Select((guest, i) =>
        {
            var arrivedAt = starts.AddMinutes(i * 4 + 1); // the last of these arrives late
            var instant = settings.InstantOf(session.Date.ToDateTime(arrivedAt));
            return new DemoMorning.Step(arrivedAt, grains => grains.GetGrain<IProvisionGrain>(Id).RecordArrival(new GuestArrival(guest.Upn, instant, Keyworker)));
        }).ToList();

        // The last guest does not come: the provision's check raises the call (its reminder does the same live).
        steps.Add(new DemoMorning.Step(starts.AddMinutes(15), grains => grains.GetGrain<IProvisionGrain>(Id).CheckArrivals(session)));
        return steps;
    }
}
