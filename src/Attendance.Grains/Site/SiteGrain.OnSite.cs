using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Grains.Site;

/// <summary>Who is on site now, and the emergency roll calls of everyone who should be.</summary>
public sealed partial class SiteGrain
{
    public async Task<SiteNow> Now()
    {
        if (await School.GetSettings() is not { } settings)
        {
            return new SiteNow(null, []);
        }

        var today = DateOnly.FromDateTime(settings.LocalTime(clock.GetUtcNow()));
        if (!settings.Calendar.IsSchoolDay(today))
        {
            return new SiteNow(null, []);
        }

        var classes = await School.GetClasses();
        var registers = await Task.WhenAll(classes.Select(async c => (
            Am: await GrainFactory.GetClass(SchoolId, c.Id).GetRegister(new Session(today, SessionPart.AM)),
            Pm: await GrainFactory.GetClass(SchoolId, c.Id).GetRegister(new Session(today, SessionPart.PM)))));
        var truancies = (await GrainFactory.GetGrain<IAlertInboxGrain>(SchoolId).List(new AlertQuery(Kind: CrossingKind.PostRegistrationTruancy)))
            .Where(a => a.Upn is not null && DateOnly.FromDateTime(settings.LocalTime(a.RaisedAt)) == today)
            .Select(a => a.Upn!).ToHashSet();

        var pupils = new List<SitePupil>();
        foreach (var (am, pm) in registers)
        {
            if (am is null)
            {
                continue;
            }

            var afternoon = pm?.Lines.ToDictionary(l => l.Upn, l => l.Mark) ?? [];
            foreach (var line in am.Lines)
            {
                var latest = afternoon.GetValueOrDefault(line.Upn) ?? line.Mark;
                var signedOut = LastSignOut(line.Upn, today);
                pupils.Add(new SitePupil(line.Upn, line.Name, am.ClassId, SiteRules.PresenceOf(latest?.Code, signedOut is { Back: null }, signedOut?.Back is not null), latest?.Code,
                    latest?.ArrivedAt ?? line.Mark?.ArrivedAt, signedOut is { Back: null } ? signedOut : null, truancies.Contains(line.Upn)));
            }
        }

        return new SiteNow(today, [.. pupils.OrderBy(p => p.ClassId, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal)]);
    }

    public async Task<Outcome<RollCall>> StartRollCall(Staff by)
    {
        if (Rejection.WithoutStaff(by, "starting the roll call") is { } noStaff)
        {
            return noStaff;
        }

        if (state.State.Current is { } current && await RollCall(current).Get() is { Ended: false } underWay)
        {
            return underWay;
        }

        var now = await Now();
        if (now.Date is null)
        {
            return new Rejection(RejectionReason.SchoolClosed,
                $"School '{SchoolId}' has no school day today, so no pupil is expected on site and there is nobody to account for.");
        }

        // Kept as under way before it is begun (and announced): a failed write starts nothing, and a roll call that
        // failed to begin is found empty and started afresh by the next tap.
        var id = RecordIds.New("rollcall");
        var lines = now.Pupils.Where(p => SiteRules.ShouldBeOnSite(p.Presence))
            .Select(p => new RollCallLine(p.Upn, p.Name, p.ClassId, Note(p))).ToList();
        state.State.Current = id;
        state.State.RollCalls.Add(id);
        await state.WriteStateAsync();
        return await RollCall(id).Begin(new RollCall(id, SchoolId, clock.GetUtcNow(), by, lines));
    }

    public async Task<Outcome<RollCall>> EndRollCall(string rollCallId, Staff by)
    {
        if (!state.State.RollCalls.Contains(rollCallId))
        {
            return new Rejection(RejectionReason.UnknownRollCall, $"School '{SchoolId}' has held no roll call '{rollCallId}'.", [rollCallId]);
        }

        var ended = await RollCall(rollCallId).End(by);
        if (ended.Rejection is null && state.State.Current == rollCallId)
        {
            state.State.Current = null;
            await state.WriteStateAsync();
        }

        return ended;
    }

    public Task<string?> CurrentRollCall() => Task.FromResult(state.State.Current);

    public Task<IReadOnlyList<string>> RollCalls() => Task.FromResult<IReadOnlyList<string>>([.. Enumerable.Reverse(state.State.RollCalls)]);

    private IRollCallGrain RollCall(string id) => GrainFactory.GetRollCall(SchoolId, id);

    /// <summary>What the one looking for the pupil should know: no mark yet (they may not be in), or a lesson missed.</summary>
    private static string? Note(SitePupil pupil) =>
        pupil.MissedLesson ? "Missed a lesson today: may have left the site"
        : pupil.Presence == Presence.NotRegisteredYet ? "No mark yet today: may not be in"
        : null;
}
