using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Schools;

namespace Attendance.Grains.Analytics;

/// <summary>
/// The school's roll-up: each pupil's latest figures and details, taken as marks are recorded, summed when asked.
/// Placed with the school's pupils, so their updates are calls within the silo (the figures are passed as they are).
/// </summary>
[SchoolPlacement]
public sealed class SchoolFiguresGrain([FromKeyedServices(SchoolClock.Key)] TimeProvider clock) : Grain, ISchoolFiguresGrain
{
    private readonly Dictionary<string, PupilFigures> figures = [];
    private readonly Dictionary<string, PupilDetails> details = [];
    private string schoolId = "";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        schoolId = this.GetPrimaryKeyString();
        var listing = await GrainFactory.GetGrain<ISchoolGrain>(schoolId).GetPupils();
        await Load(listing.Select(p => p.Upn));
    }

    public Task Update(string upn, PupilFigures newer)
    {
        if (!figures.TryGetValue(upn, out var kept) || newer.EntryNo > kept.EntryNo)
        {
            figures[upn] = newer;
        }

        return Task.CompletedTask;
    }

    public Task UpdateDetails(PupilDetails pupil)
    {
        details[pupil.Upn] = pupil;
        return Task.CompletedTask;
    }

    public async Task<SchoolFigures?> Get(int? year = null)
    {
        var school = GrainFactory.GetGrain<ISchoolGrain>(schoolId);
        if (await school.GetSettings() is not { } settings || await school.GetPolicy() is not { } inForce)
        {
            return null;
        }

        // This academic year to today, or a past one to its last day; the registers hold earlier years' marks too.
        var calendar = settings.Calendar;
        var now = DateOnly.FromDateTime(settings.LocalTime(clock.GetUtcNow()));
        var shown = year is { } startYear ? new AcademicYear(startYear) : AcademicYear.Of(now);
        var past = shown != AcademicYear.Of(now);
        var today = past ? calendar.LastDayOf(shown) ?? shown.Last : now;
        var upns = (await school.GetPupils()).Select(p => p.Upn).ToList();
        if (past)
        {
            upns = [.. upns.Union(await OnRollIn(shown))];
        }

        await Load(upns.Where(u => !figures.ContainsKey(u) || !details.ContainsKey(u)));
        var classes = (await school.GetClasses()).ToDictionary(c => c.Id, c => c.Name);
        var pupils = upns.Where(details.ContainsKey).Select(u => (Details: details[u], Figures: figures[u]))
            .Where(p => !past || p.Figures.TallyIn(shown).PossibleSessions > 0) // a past year counts those who were there
            .ToList();
        var groups = PupilGroups.WithWholeSchool(GroupFigures.Of(pupils.Select(p => (PupilGroups.Of(p.Details, classes.GetValueOrDefault(p.Details.RegistrationGroup, p.Details.RegistrationGroup)), p.Figures.TallyIn(shown).Sessions))));
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (code, count) in pupils.SelectMany(p => p.Figures.CodesIn(shown)))
        {
            codes[code] = codes.GetValueOrDefault(code) + count;
        }

        var thisWeek = SchoolCalendar.MondayOf(today);

        // Each week from the year's first to this one that had sessions this year or in the same week a year before.
        List<TrendWeek> weeks = [];
        if (calendar.FirstDayOf(shown) is { } first)
        {
            for (var monday = SchoolCalendar.MondayOf(first); monday <= thisWeek; monday = monday.AddDays(7))
            {
                weeks.Add(new TrendWeek(monday, Sum(pupils, monday), Sum(pupils, monday.AddDays(-364))));
            }
        }

        weeks.RemoveAll(w => w.ThisYear.Possible == 0 && w.LastYear.Possible == 0);

        var lastDay = calendar.LastDayOf(shown) ?? today;
        var sessionsLeft = SessionRange.Days(today.AddDays(1), lastDay).OpenSessions(calendar).Count();
        var recentWeeks = Enumerable.Range(0, YearEndProjection.RecentWeeks).Select(w => thisWeek.AddDays(-7 * w)).ToList();
        var heading = pupils
            .Select(p => (p.Details, Projection: YearEndProjection.Of(inForce.Policy, p.Figures.TallyIn(shown), recentWeeks.Aggregate(default(WeekFigures), (sum, m) => sum + p.Figures.Weeks.GetValueOrDefault(m)), sessionsLeft)))
            .Where(p => p.Projection is { Worse: true })
            .OrderBy(p => p.Projection!.ProjectedPercent)
            .Select(p => new PupilHeading(
                p.Details.Upn, p.Details.DisplayName, p.Details.RegistrationGroup, p.Projection!,
                inForce.Policy.Bands[p.Projection!.CurrentBand].Name, inForce.Policy.Bands[p.Projection.ProjectedBand].Name))
            .ToList();

        return new SchoolFigures(settings.Name, today, groups, codes, weeks, heading);
    }

    public async Task<PeriodFigures?> GetPeriod(DateOnly from, DateOnly to)
    {
        var school = GrainFactory.GetGrain<ISchoolGrain>(schoolId);
        if (await school.GetSettings() is not { } settings || await school.GetPolicy() is not { } inForce)
        {
            return null;
        }

        // Those on roll now and those on roll at any time in the period (who may have left since).
        List<string> upns = [.. (await school.GetPupils()).Select(p => p.Upn).Union(await OnRollBetween(SchoolCalendar.MondayOf(from), SchoolCalendar.MondayOf(to).AddDays(6)))];
        await Load(upns.Where(u => !figures.ContainsKey(u) || !details.ContainsKey(u)));
        var classes = (await school.GetClasses()).ToDictionary(c => c.Id, c => c.Name);
        var pupils = upns.Where(details.ContainsKey)
            .Select(u => (Details: details[u], Sessions: WeekFigures.Over(figures[u].Weeks, from, to)))
            .Where(p => p.Sessions.Possible > 0)
            .ToList();
        var weeks = Enumerable.Range(0, (SchoolCalendar.MondayOf(to).DayNumber - SchoolCalendar.MondayOf(from).DayNumber) / 7 + 1)
            .Select(i => SchoolCalendar.MondayOf(from).AddDays(7 * i))
            .Select(monday => new PeriodWeek(monday, Sum(upns.Where(details.ContainsKey).Select(u => (details[u], figures[u])), monday)))
            .Where(w => w.Sessions.Possible > 0);
        var policy = inForce.Policy;
        return new PeriodFigures(settings.Name, SchoolCalendar.MondayOf(from), SchoolCalendar.MondayOf(to),
            PupilGroups.WithWholeSchool(GroupFigures.Of(pupils.Select(p => (PupilGroups.Of(p.Details, classes.GetValueOrDefault(p.Details.RegistrationGroup, p.Details.RegistrationGroup)), p.Sessions)))),
            [.. pupils
                .OrderBy(p => p.Sessions.AttendancePercent).ThenBy(p => p.Details.DisplayName, StringComparer.Ordinal)
                .Select(p => new PupilPeriod(p.Details.Upn, p.Details.DisplayName, p.Details.RegistrationGroup, p.Sessions,
                    policy.Bands[PupilStanding.BandOf(policy, p.Sessions.Attended, p.Sessions.Possible)].Name))],
            [.. weeks]);
    }

    private static WeekFigures Sum(IEnumerable<(PupilDetails Details, PupilFigures Figures)> pupils, DateOnly monday) =>
        pupils.Aggregate(default(WeekFigures), (sum, p) => sum + p.Figures.Weeks.GetValueOrDefault(monday));

    /// <summary>The pupils the admission register has on roll on any day of <paramref name="year"/>, those who left since included.</summary>
    private Task<IEnumerable<string>> OnRollIn(AcademicYear year) => OnRollBetween(year.First, year.Last);

    private async Task<IEnumerable<string>> OnRollBetween(DateOnly first, DateOnly last) =>
        (await GrainFactory.GetGrain<IAdmissionRegisterGrain>(schoolId).List())
            .GroupBy(e => e.Upn)
            .Where(g => new PupilAdmissions([.. g]).Periods().Any(p => p.Overlaps(first, last)))
            .Select(g => g.Key);

    /// <summary>Asks pupils for their figures and details (on activation, and for a pupil not heard from yet).</summary>
    private async Task Load(IEnumerable<string> upns)
    {
        var loaded = await Task.WhenAll(upns.Select(async upn => (Upn: upn, Pupil: await GrainFactory.GetPupil(schoolId, upn).GetForRollup())));
        foreach (var (upn, pupil) in loaded)
        {
            if (pupil.Details is not null)
            {
                details[upn] = pupil.Details;
            }

            await Update(upn, pupil.Figures);
        }
    }
}
