using System.Security.Claims;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Analytics;
using Attendance.Server.Access;
using Microsoft.Extensions.Options;

namespace Attendance.Server.Analytics;

/// <summary>
/// A school's attendance this year for its leaders: by group (whole school, year group, class, sex, ethnicity, free
/// school meals, pupil premium, SEN, social worker), the reasons for absence, week by week against last year and the
/// trust's national reference, and the pupils heading for a worse band; and the trust's table of its schools. All from
/// each school's roll-up (<see cref="ISchoolFiguresGrain"/>, kept by the pupils as marks arrive; nothing is read from
/// the register).
/// </summary>
public sealed class AnalyticsService(IGrainFactory grains, IOptions<AnalyticsOptions> options)
{
    /// <summary>The school's analytics as this reader may see them; null for a school not set up.</summary>
    public async Task<SchoolAnalyticsView?> School(string schoolId, ClaimsPrincipal user)
    {
        var minimumGroupSize = options.Value.MinimumGroupSize;
        var national = GetNationalReference();
        if (await grains.GetGrain<ISchoolFiguresGrain>(schoolId).Get() is not { } figures)
        {
            return null;
        }

        return new SchoolAnalyticsView(schoolId, figures.SchoolName, figures.On, minimumGroupSize,
            Lines(figures.Groups, schoolId, user),
            Reasons(figures.Codes),
            [.. figures.Weeks.Select(w => new TrendLine(w.Monday, w.ThisYear.AttendancePercent, w.LastYear.AttendancePercent))],
            await national,
            [.. figures.Heading.Select(h => new HeadingLine(h.Upn, h.Name, h.ClassId, h.Projection.CurrentPercent, h.CurrentBand, h.Projection.ProjectedPercent, h.ProjectedBand))]);
    }

    /// <summary>The school over any period of whole weeks, as this reader may see it; null for a school not set up.</summary>
    public async Task<PeriodView?> Period(string schoolId, ClaimsPrincipal user, DateOnly from, DateOnly to) =>
        await grains.GetGrain<ISchoolFiguresGrain>(schoolId).GetPeriod(from, to) is { } figures
            ? new PeriodView(schoolId, figures.SchoolName, figures.FirstWeek, figures.LastWeek, options.Value.MinimumGroupSize, Lines(figures.Groups, schoolId, user),
                [.. figures.Pupils.Select(p => new PupilPeriodLine(p.Upn, p.Name, p.ClassId, p.Sessions.Possible, p.Sessions.Attended, p.Sessions.AttendancePercent, p.Band,
                    p.Sessions.IsPersistentlyAbsent, p.Sessions.IsSeverelyAbsent))],
                [.. figures.Weeks.Select(w => new WeekLine(w.Monday, w.Sessions.Possible, w.Sessions.AttendancePercent))])
            : null;

    /// <summary>Inside the school everyone is known anyway; outside it (trust leaders) a small group could be one pupil.</summary>
    private IReadOnlyList<GroupLine> Lines(IEnumerable<GroupFigures> groups, string schoolId, ClaimsPrincipal user)
    {
        var outside = !StaffUser.From(user).Schools.Contains(schoolId);
        return [.. groups.Select(f => outside && f.Pupils < options.Value.MinimumGroupSize ? GroupLine.Hidden(f) : GroupLine.Shown(f))];
    }

    /// <summary>
    /// Each school the reader may see, this year so far, by name, with the national reference the trust compares them
    /// with. Whole-school figures only, so no group is small enough to need hiding.
    /// </summary>
    /// <param name="year">A past academic year, as it ended; this year so far when null.</param>
    public async Task<TrustAnalyticsView> Trust(ClaimsPrincipal user, AcademicYear? year = null)
    {
        var lines = await Task.WhenAll((await SchoolsSeenBy(user)).Select(schoolId => Line(schoolId, year)));
        var national = await GetNationalReference();
        return new TrustAnalyticsView(national, [.. lines.OfType<SchoolYearLine>().OrderBy(l => l.SchoolName, StringComparer.Ordinal)]);
    }

    /// <summary>Each school the reader may see over a period of whole school weeks: its whole-school figures in it.</summary>
    public async Task<TrustAnalyticsView> TrustPeriod(ClaimsPrincipal user, DateOnly from, DateOnly to)
    {
        var lines = await Task.WhenAll((await SchoolsSeenBy(user)).Select(async schoolId =>
        {
            if (await grains.GetGrain<ISchoolFiguresGrain>(schoolId).GetPeriod(from, to) is not { } figures)
            {
                return null;
            }

            var whole = figures.Groups.First(g => g.Dimension == PupilGroups.WholeSchool);
            return new SchoolYearLine(schoolId, figures.SchoolName, whole.Pupils, whole.AttendancePercent, whole.PersistentAbsencePercent, whole.SevereAbsencePercent, null, null, null);
        }));
        return new TrustAnalyticsView(await GetNationalReference(), [.. lines.OfType<SchoolYearLine>().OrderBy(l => l.SchoolName, StringComparer.Ordinal)],
            SchoolCalendar.MondayOf(from), SchoolCalendar.MondayOf(to));
    }

    private async Task<IEnumerable<string>> SchoolsSeenBy(ClaimsPrincipal user)
    {
        var staff = StaffUser.From(user);
        return (await grains.GetGrain<ISchoolDirectoryGrain>(ISchoolDirectoryGrain.Key).GetSchools())
            .Where(s => AccessRules.Allows(staff, Capability.ViewSchool, s.SchoolId)).Select(s => s.SchoolId);
    }

    /// <summary>The national figure the trust compares its schools with, if it has entered one.</summary>
    public Task<NationalReference?> GetNationalReference() => ReferenceGrain.Get();

    /// <summary>Sets the national figure to compare with, or with null removes it.</summary>
    public Task SetNationalReference(NationalReference? reference) => ReferenceGrain.Set(reference);

    private INationalReferenceGrain ReferenceGrain => grains.GetGrain<INationalReferenceGrain>(ISchoolDirectoryGrain.Key);

    private async Task<SchoolYearLine?> Line(string schoolId, AcademicYear? year)
    {
        if (await grains.GetGrain<ISchoolFiguresGrain>(schoolId).Get(year?.StartYear) is not { } figures)
        {
            return null;
        }

        var whole = figures.Groups.First(g => g.Dimension == PupilGroups.WholeSchool);
        var totals = CodeTotals.Of(figures.Codes).Tally;
        return new SchoolYearLine(
            schoolId, figures.SchoolName, whole.Pupils, whole.AttendancePercent, whole.PersistentAbsencePercent, whole.SevereAbsencePercent,
            Percent.Of(totals.AuthorisedAbsence, totals.PossibleSessions), Percent.Of(totals.UnauthorisedAbsence, totals.PossibleSessions),
            figures.Heading.Count);
    }

    private static List<ReasonLine> Reasons(IReadOnlyDictionary<string, int> codes)
    {
        var absence = codes
            .Select(c => (Code: NationalCodes.Get(c.Key), Sessions: c.Value))
            .Where(c => c.Code.Category is AttendanceCategory.AuthorisedAbsence or AttendanceCategory.UnauthorisedAbsence && c.Sessions > 0)
            .ToList();
        var total = absence.Sum(c => c.Sessions);
        return [.. absence
            .OrderByDescending(c => c.Sessions).ThenBy(c => c.Code.Code, StringComparer.Ordinal)
            .Select(c => new ReasonLine(c.Code.Code, c.Code.Meaning, c.Code.Category, c.Sessions, Percent.Of(c.Sessions, total)))];
    }
}
