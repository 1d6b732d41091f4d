using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Server.Demo;

/// <summary>
/// A generated primary school for the embedded default: 14 classes (two per year group, Reception to Year 6),
/// about 400 pupils, this academic year's calendar, and marks for every school day so far with a realistic mix of
/// good attenders, persistent and severe absentees and late arrivals. Deterministic: the same every run.
/// </summary>
public static class DemoSchool
{
    public const string Id = "demo";

    /// <summary>A second, smaller school of the trust (one class per year group), which also refers guests to the provision.</summary>
    public const string RiversideId = "riverside";

    private static readonly string[] Forenames =
    [
        "Amelia", "Oliver", "Isla", "George", "Ava", "Noah", "Mia", "Arthur", "Ivy", "Muhammad", "Freya", "Leo",
        "Lily", "Harry", "Florence", "Oscar", "Willow", "Archie", "Rosie", "Henry", "Sophia", "Theodore", "Isabella",
        "Freddie", "Grace", "Jack", "Daisy", "Charlie", "Poppy", "Alfie", "Evie", "Jacob", "Aisha", "Yusuf", "Zara",
        "Kacper", "Maja", "Tomasz", "Priya", "Arjun",
    ];

    private static readonly string[] Surnames =
    [
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson", "Wright",
        "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Thomas", "Clarke", "Jackson", "Wood",
        "Harris", "Edwards", "Turner", "Martin", "Cooper", "Hill", "Ward", "Hughes", "Khan", "Ali", "Hussain",
        "Nowak", "Kowalski", "Begum", "Ahmed", "Singh", "Okafor", "Mensah",
    ];

    private static readonly (string Year, string Phase, int Age)[] YearGroups =
        [("R", "EYFS", 4), ("1", "KS1", 5), ("2", "KS1", 6), ("3", "KS2", 7), ("4", "KS2", 8), ("5", "KS2", 9), ("6", "KS2", 10)];

    private static readonly string[] AbsenceCodes = ["I", "I", "I", "I", "I", "I", "M", "M", "O", "O", "G", "C", "R", "E"];

    /// <summary>
    /// Last year's summer term and this academic year's calendar (September to July) with half-terms, an INSET day and
    /// a bank holiday: the demo shows a school in its second year, last summer readable beside this year.
    /// </summary>
    /// <param name="urn">The school's URN and LAESTAB, made up for the demo (the DfE extract needs them).</param>
    public static SchoolSettings Settings(DateOnly today, string name = "Oakfield Primary Academy (demo)", string urn = "900001", string laEstab = "9992001")
    {
        var y = today.Month >= 8 ? today.Year : today.Year - 1;
        DateOnly D(int year, int month, int day) => new(year, month, day);
        var calendar = new SchoolCalendar(
            [
                new Term("Summer 2 (last year)", D(y, 6, 8), D(y, 7, 22)),
                new Term("Autumn 1", D(y, 9, 3), D(y, 10, 23)),
                new Term("Autumn 2", D(y, 11, 2), D(y, 12, 18)),
                new Term("Spring 1", D(y + 1, 1, 5), D(y + 1, 2, 12)),
                new Term("Spring 2", D(y + 1, 2, 22), D(y + 1, 3, 26)),
                new Term("Summer 1", D(y + 1, 4, 12), D(y + 1, 5, 28)),
                new Term("Summer 2", D(y + 1, 6, 7), D(y + 1, 7, 21)),
            ],
            [D(y, 11, 2), D(y + 1, 5, 3)]);
        var pm = (TimeOnly opens) => new RegisterWindow(opens, opens, opens.AddMinutes(30));
        var school = SessionTimes.PrimaryDefault;
        return new SchoolSettings(
            name,
            calendar,
            school,
            new Dictionary<string, SessionTimes>
            {
                // Seed 004: afternoon registers at 12:15 (EYFS), 12:45 (KS1) and 13:00 (KS2).
                ["EYFS"] = school with { Pm = pm(new TimeOnly(12, 15)) },
                ["KS1"] = school with { Pm = pm(new TimeOnly(12, 45)) },
                ["KS2"] = school,
            },
            Urn: urn,
            LaEstab: laEstab);
    }

    /// <param name="streams">The classes of each year group, by name.</param>
    /// <param name="firstUpn">The number of the school's first UPN: every pupil's UPN is unique across the demo trust.</param>
    /// <param name="yearGroups">The school's year groups, their phase and their pupils' age at the start of the year (a primary's by default).</param>
    public static Roster Roster(DateOnly today, string[]? streams = null, long firstUpn = 801_000_000_000, (string Year, string Phase, int Age)[]? yearGroups = null)
    {
        var random = new Random((int)(firstUpn % 10_000) + 2026);
        var classes = new List<RegistrationGroup>();
        var pupils = new List<PupilDetails>();
        foreach (var (year, phase, age) in yearGroups ?? YearGroups)
        {
            foreach (var stream in streams ?? ["Oak", "Ash"])
            {
                var group = new RegistrationGroup($"{year}{stream[0]}", year == "R" ? $"Reception {stream}" : $"Year {year} {stream}", phase);
                classes.Add(group);
                for (var i = 0; i < 28 + random.Next(3); i++)
                {
                    var forename = Forenames[random.Next(Forenames.Length)];
                    var surname = Surnames[random.Next(Surnames.Length)];
                    var born = today.AddYears(-age - 1).AddDays(random.Next(365));
                    var flags = new PupilFlags(random.NextDouble() < 0.25, random.NextDouble() < 0.15, random.NextDouble() < 0.03, random.NextDouble() < 0.05);
                    pupils.Add(new PupilDetails(
                        $"A{firstUpn + pupils.Count:D12}", forename, surname, null, null, born, year, group.Id,
                        flags,
                        [
                            new Contact($"{Forenames[random.Next(Forenames.Length)]} {surname}", "Parent", $"07700 9{random.Next(100_000):D5}"),
                            new Contact($"{Forenames[random.Next(Forenames.Length)]} {Surnames[random.Next(Surnames.Length)]}", "Grandparent", $"07700 9{random.Next(100_000):D5}"),
                        ],
                        Characteristics(random, flags)));
                }
            }
        }

        return new Roster(classes, pupils);
    }

    // A spread of the DfE's ethnicity codes for the generated pupils (no real pupil's data).
    private static readonly string[] Ethnicities = ["WBRI", "WBRI", "WBRI", "WOTH", "AIND", "APKN", "ABAN", "BAFR", "BCRB", "MWBC", "MWAS", "CHNE", "REFU"];

    /// <summary>Census characteristics in step with the pupil's flags: pupil premium pupils are mostly FSM, SEND pupils have SEN support or a plan.</summary>
    private static PupilCharacteristics Characteristics(Random random, PupilFlags flags) => new(
        random.Next(2) == 0 ? Sex.Female : Sex.Male,
        Ethnicities[random.Next(Ethnicities.Length)],
        FreeSchoolMeals: flags.PupilPremium && random.NextDouble() < 0.8,
        SenProvision: flags.Send ? (random.NextDouble() < 0.2 ? SenProvision.EhcPlan : SenProvision.SenSupport) : SenProvision.None,
        LookedAfter: flags.HasSocialWorker && random.NextDouble() < 0.3,
        SocialCare: flags.HasSocialWorker ? SocialCareStatus.ChildInNeed : SocialCareStatus.None);

    /// <summary>
    /// How likely a pupil is to be absent or late: most attend well, some are persistently or severely absent. A few
    /// are on the edge: back from a week's holiday not granted (9 unauthorised sessions), absent again on the shown
    /// session with no call from home, so the register crosses the penalty-notice threshold live in the demo.
    /// </summary>
    public sealed record Profile(double Absence, double Lateness, bool OnTheEdge)
    {
        public const int SessionsBeforeTheEdge = 9;

        public static Profile Of(PupilDetails pupil)
        {
            var random = new Random(Seed(pupil.Upn));
            var band = random.NextDouble();
            var absence = band < 0.75 ? random.NextDouble() * 0.04
                : band < 0.93 ? 0.06 + random.NextDouble() * 0.08
                : band < 0.98 ? 0.15 + random.NextDouble() * 0.15
                : 0.5 + random.NextDouble() * 0.1;
            var lateness = random.NextDouble() * 0.05;
            return Seed(pupil.Upn) % 40 == 7 ? new Profile(0, 0, OnTheEdge: true) : new Profile(absence, lateness, OnTheEdge: false);
        }
    }

    public static string AbsenceCode(Random random) => AbsenceCodes[random.Next(AbsenceCodes.Length)];

    /// <summary>A stable seed from a UPN (string hash codes change between runs).</summary>
    public static int Seed(string upn) => (int)(long.Parse(upn[1..], System.Globalization.CultureInfo.InvariantCulture) % int.MaxValue);

    /// <summary>Marks for every open session before <paramref name="until"/>, drawn from the pupil's profile.</summary>
    public static IReadOnlyList<RegisterEntry> History(SchoolSettings settings, PupilDetails pupil, Session until, DateTimeOffset recordedAt)
    {
        var profile = Profile.Of(pupil);
        var random = new Random(Seed(pupil.Upn) ^ 2026);
        var staff = new Staff("Demo data", "Generated history");
        var entries = new List<RegisterEntry>();
        var holiday = profile.OnTheEdge ? HolidayBefore(settings.Calendar, until) : [];
        var thisYear = AcademicYear.Of(until.Date);
        foreach (var day in settings.Calendar.SchoolDays().TakeWhile(d => d <= until.Date))
        {
            if (pupil.YearGroup == "R" && AcademicYear.Of(day) < thisYear)
            {
                continue; // this year's Reception were not at school last summer
            }

            var week = settings.Calendar.SchoolWeek(day)!.Value;
            foreach (var part in new[] { SessionPart.AM, SessionPart.PM })
            {
                var session = new Session(day, part);
                if (session >= until || !settings.Calendar.IsOpen(session))
                {
                    continue;
                }

                var roll = random.NextDouble();
                var code = holiday.Contains(session) ? "G"
                    : roll < profile.Absence ? AbsenceCode(random)
                    : part == SessionPart.AM && roll < profile.Absence + profile.Lateness ? (random.NextDouble() < 0.85 ? "L" : "U")
                    : NationalCodes.Present(part).Code;
                entries.Add(new RegisterEntry(session, code, MarkSource.Import, staff, recordedAt, week));
            }
        }

        return entries;
    }

    /// <summary>The open sessions before <paramref name="until"/> taken as holiday by a pupil on the edge (ending a week before).</summary>
    private static HashSet<Session> HolidayBefore(SchoolCalendar calendar, Session until) =>
    [
        .. calendar.SchoolDays().Where(d => d < until.Date.AddDays(-7))
            .SelectMany(d => new[] { new Session(d, SessionPart.AM), new Session(d, SessionPart.PM) })
            .Where(calendar.IsOpen)
            .TakeLast(Profile.SessionsBeforeTheEdge),
    ];
}
