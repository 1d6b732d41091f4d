using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Grains.Tests;

/// <summary>
/// An enhanced provision for grain tests: sessions at 09:30 (late after 09:35, closes 10:00) and 12:30, the test
/// school's calendar, and pupil 1 of a <see cref="TestSchool"/> as a guest on Tuesday mornings and Thursday afternoons.
/// </summary>
public sealed class TestProvision(IGrainFactory grains)
{
    public static readonly Staff Keyworker = new("Mr Ellis", "Keyworker");

    public static readonly SessionTimes Times = new(
        new RegisterWindow(new TimeOnly(9, 30), new TimeOnly(9, 35), new TimeOnly(10, 0)),
        new RegisterWindow(new TimeOnly(12, 30), new TimeOnly(12, 35), new TimeOnly(13, 0)));

    public static readonly GuestSchedule TuesdayAmThursdayPm = new(
        [new ScheduledSession(DayOfWeek.Tuesday, SessionPart.AM), new ScheduledSession(DayOfWeek.Thursday, SessionPart.PM)]);

    public string Id { get; } = $"provision-{Guid.NewGuid():N}"[..20];

    public IProvisionGrain Provision => grains.GetGrain<IProvisionGrain>(Id);

    public IFollowUpGrain FollowUp => grains.GetGrain<IFollowUpGrain>(Id);

    public async Task<TestProvision> CreateAsync(TestSchool school, string agreementCode = "B")
    {
        Assert.Null((await Provision.Configure(new SchoolSettings("The Bridge", TestSchool.Calendar, Times))).Rejection);
        Assert.Null((await Provision.PlaceGuest(new GuestPlacement(school.Id, TestSchool.Upn(1), TuesdayAmThursdayPm, agreementCode))).Rejection);
        return this;
    }

    public static DateTimeOffset At(int hour, int minute, int second = 0) => new(2026, 11, 10, hour, minute, second, TimeSpan.Zero);
}
