using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Grains.Tests;

/// <summary>
/// A small school for grain tests: autumn 2026 calendar (half-term 26-30 October, INSET 2 November), register
/// 08:40 / late after 09:00 / closes 09:30, two classes of three pupils. Each instance has its own id.
/// </summary>
public sealed class TestSchool(IGrainFactory grains)
{
    public static readonly Staff Teacher = new("Ms Patel", "Class teacher");
    public static readonly Staff Officer = new("Mr Jones", "Attendance officer");

    public static readonly SchoolCalendar Calendar = new(
        [
            new Term("Autumn 1", new DateOnly(2026, 9, 3), new DateOnly(2026, 10, 23)),
            new Term("Autumn 2", new DateOnly(2026, 11, 2), new DateOnly(2026, 12, 18)),
        ],
        [new DateOnly(2026, 11, 2)]);

    public static readonly Session Today = new(new DateOnly(2026, 11, 10), SessionPart.AM);

    public string Id { get; } = $"school-{Guid.NewGuid():N}"[..20];

    public ISchoolGrain School => grains.GetGrain<ISchoolGrain>(Id);

    public IClassGrain Class(string id) => grains.GetClass(Id, id);

    public IPupilGrain Pupil(string upn) => grains.GetPupil(Id, upn);

    public static string Upn(int n) => $"T{n:D12}";

    /// <summary>Class "3B" has pupils 1-3, class "4G" pupils 4-6.</summary>
    public static Roster SmallRoster { get; } = new(
        [new RegistrationGroup("3B", "Year 3 Beech", "KS2"), new RegistrationGroup("4G", "Year 4 Glade", "KS2")],
        [.. Enumerable.Range(1, 6).Select(n => Pupil(n, n <= 3 ? "3B" : "4G"))]);

    public static PupilDetails Pupil(int n, string group) => new(
        Upn(n), $"Forename{n}", $"Surname{n}", null, null, new DateOnly(2018, 1, n), "3", group,
        new PupilFlags(), [new Contact($"Parent {n}", "Mother", "07700 900000")]);

    public async Task<TestSchool> CreateAsync()
    {
        Assert.Null((await School.Configure(new SchoolSettings("Test Primary", Calendar, SessionTimes.PrimaryDefault))).Rejection);
        var outcome = await School.ImportRoster(SmallRoster);
        Assert.Null(outcome.Rejection);
        return this;
    }

    /// <summary>
    /// Imports a pupil's history: present at every open session from the start of term up to the day before
    /// <see cref="Today"/>, except the sessions given with another code.
    /// </summary>
    public Task ImportHistory(int pupil, params (Session Session, string Code)[] exceptions) => ImportHistory(pupil, Today.Date, exceptions);

    /// <summary>As <see cref="ImportHistory(int, ValueTuple{Session, string}[])"/>, for the days before <paramref name="until"/>.</summary>
    public async Task ImportHistory(int pupil, DateOnly until, params (Session Session, string Code)[] exceptions)
    {
        var codes = exceptions.ToDictionary(e => e.Session, e => e.Code);
        var entries = Calendar.SchoolDays()
            .Where(day => day < until)
            .SelectMany(day => new[] { new Session(day, SessionPart.AM), new Session(day, SessionPart.PM) })
            .Select(session => new RegisterEntry(session, codes.GetValueOrDefault(session, "/"), MarkSource.Import, Officer,
                DateTimeOffset.UnixEpoch, Calendar.SchoolWeek(session.Date)!.Value))
            .ToList();
        await Pupil(Upn(pupil)).ImportHistory(entries);
    }

    public static RegisterSubmission Register(Session session, params string[] codes) =>
        new(session, Teacher, [.. codes.Select((code, i) => new PupilMark(Upn(i + 1), code))]);
}
