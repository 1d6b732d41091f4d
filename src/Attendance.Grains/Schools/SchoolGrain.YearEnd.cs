using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Grains.Schools;

/// <summary>
/// The end of a school year, a workflow of the school grain because it changes the roll: promotions and leavers are
/// decided from the roster, stored with the year's record in one write, and then carried out in steps that can each be
/// done again (pupils' details, the admission register's deletions, the alerts, the classes' rolls).
/// </summary>
public sealed partial class SchoolGrain
{
    public async Task<Outcome<YearEndPlan>> PreviewYearEnd(string? finalYearGroup)
    {
        if (state.State.Settings is not { } settings)
        {
            return UnknownSchool();
        }

        var year = YearEnding(settings);
        return state.State.YearEnds.GetValueOrDefault(year.StartYear) ?? await Plan(settings, year, finalYearGroup);
    }

    public async Task<Outcome<YearEndPlan>> EndYear(string? finalYearGroup, Staff by)
    {
        if (state.State.Settings is not { } settings)
        {
            return UnknownSchool();
        }

        var year = YearEnding(settings);
        if (!state.State.YearEnds.TryGetValue(year.StartYear, out var done))
        {
            if (Rejection.WithoutStaff(by, "ending the year") is { } noStaff)
            {
                return noStaff;
            }

            var plan = await Plan(settings, year, finalYearGroup);
            if (plan.Problems.Count > 0)
            {
                return new Rejection(RejectionReason.YearEndNotReady, string.Join(" ", plan.Problems), [.. plan.Problems]);
            }

            // Decided once: the new year groups and the record of the year end are one write. If it fails, nothing was
            // decided: the grain reloads what storage holds before anything is carried out.
            foreach (var promotion in plan.Changes.Promotions)
            {
                state.State.Pupils[promotion.Upn] = state.State.Pupils[promotion.Upn] with { YearGroup = promotion.To };
            }

            done = plan with { DoneAt = clock.GetUtcNow(), DoneBy = by };
            state.State.YearEnds[year.StartYear] = done;
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                await state.ReadStateAsync();
                throw;
            }
        }

        await CarryOut(done);
        return done;
    }

    /// <summary>
    /// The steps after the decision, each safe to repeat: the pupils learn their year groups, leavers' names are deleted
    /// (no deletion return: a pupil who completed the school's final year needs none, regulation 13(5)), this year's
    /// alerts close, and every class learns its roll.
    /// </summary>
    private async Task CarryOut(YearEndPlan done)
    {
        await Task.WhenAll(done.Changes.Promotions.Select(p => GrainFactory.GetPupil(SchoolId, p.Upn).UpdateDetails(state.State.Pupils[p.Upn])));
        foreach (var leaver in done.Changes.Leavers)
        {
            await Admissions.Record(new AdmissionEntry(leaver.Upn, AdmissionEntryKind.Deletion, done.LastDay, leaver.Ground,
                $"Left at the end of {done.Year}, the school's final year group ({leaver.YearGroup}).", done.DoneBy!, done.DoneAt!.Value));
        }

        await GrainFactory.GetGrain<IAlertInboxGrain>(SchoolId).CloseYearAlerts(done.Year, done.DoneAt!.Value, done.DoneBy!);
        await ConfigureClasses(state.State.Classes.Keys);
    }

    /// <summary>
    /// The year ending: today's academic year, or the one before while the new year's first day has not come (the
    /// summer holiday, and August before the first term).
    /// </summary>
    private AcademicYear YearEnding(SchoolSettings settings) => settings.Calendar.YearUnderWay(DateOnly.FromDateTime(settings.LocalTime(clock.GetUtcNow())));

    private async Task<YearEndPlan> Plan(SchoolSettings settings, AcademicYear year, string? finalYearGroup)
    {
        var today = DateOnly.FromDateTime(settings.LocalTime(clock.GetUtcNow()));
        var rolls = await Admissions.Rolls([.. state.State.Pupils.Keys]);
        var onRoll = state.State.Pupils.Values.Where(p => RollPeriod.OnRoll(rolls.GetValueOrDefault(p.Upn), today))
            .OrderBy(p => p.LegalSurname, StringComparer.Ordinal).ThenBy(p => p.LegalForename, StringComparer.Ordinal)
            .Select(p => new YearEndPupil(p.Upn, p.DisplayName, p.YearGroup)).ToList();
        var final = string.IsNullOrWhiteSpace(finalYearGroup) ? YearEnd.FinalYearGroup(onRoll.Select(p => p.YearGroup)) ?? "" : finalYearGroup.Trim();
        var lastDay = settings.Calendar.LastDayOf(year) ?? year.Last;
        var nextFirstDay = settings.Calendar.FirstDayOf(year.Next);

        List<string> problems = [];
        if (settings.Calendar.LastDayOf(year) is null)
        {
            problems.Add($"The school's calendar has no terms in {year}: there is no year here to end.");
        }
        else if (today < lastDay)
        {
            problems.Add($"{year} ends on {lastDay:dddd d MMMM yyyy}: the year end can be done from that day.");
        }

        if (YearEnd.Next(final) is null || onRoll.All(p => AdmissionReturns.YearGroupRank(p.YearGroup) != AdmissionReturns.YearGroupRank(final)))
        {
            problems.Add($"'{final}' is not a year group of a pupil on roll: name the final year group as the roster writes it (e.g. 6).");
        }

        if (nextFirstDay is null)
        {
            problems.Add($"Enter next year's terms ({year.Next}) in the school's settings first: the new year's registers open from its first day.");
        }

        var casework = await GrainFactory.GetGrain<ICaseworkGrain>(SchoolId).List();
        var inbox = GrainFactory.GetGrain<IAlertInboxGrain>(SchoolId);
        var penalties = await inbox.List(new AlertQuery(Kind: CrossingKind.PenaltyNoticeThreshold, Limit: 1000));
        return new YearEndPlan(year.ToString(), lastDay, nextFirstDay, final, YearEnd.Plan(onRoll, final), await inbox.CountYearAlerts(),
            casework.Plans.Count(p => p.IsOpen) + casework.Timetables.Count(t => t.IsOpen), penalties.Count, problems);
    }

    private Rejection UnknownSchool() => new(RejectionReason.UnknownSchool, $"There is no school '{SchoolId}'. Create it with PUT /api/schools/{SchoolId}.");
}
