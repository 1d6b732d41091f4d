using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Server.Demo;

/// <summary>
/// One Oakfield pupil's case, so the pupil page shows casework as a lead works it: calls and a home visit, an Early
/// Help referral with its outcome, targeted support, and a contract agreed three school weeks ago with its weekly
/// target ("9 out of 10 sessions") checked week by week. The penalty-notice workflow comes live: the pupils on the
/// edge of the threshold cross it during the demo session, for Dr Hughes to decide on the dashboard.
/// </summary>
public static class DemoCasework
{
    private static readonly Staff Lead = new("Mrs Okafor", "Attendance lead");

    public static async Task Seed(IGrainFactory grains, string schoolId, SchoolSettings settings, Roster roster, DateOnly today)
    {
        var days = settings.Calendar.SchoolDays().Where(d => d < today).TakeLast(16).ToList();
        var pupil = roster.Pupils.Where(p => p.YearGroup == "4" && !DemoSchool.Profile.Of(p).OnTheEdge)
            .OrderByDescending(p => DemoSchool.Profile.Of(p).Absence).FirstOrDefault();
        if (days.Count < 16 || pupil is null)
        {
            return; // the year has barely begun
        }

        var casework = grains.GetGrain<ICaseworkGrain>(schoolId);
        var parent = pupil.Contacts.FirstOrDefault()?.Name ?? "the parents";
        async Task<CaseEntry?> Log(CaseEntryKind kind, DateOnly on, string summary, ReferralService? service = null, SupportTier? tier = null) =>
            (await casework.Record(new CaseEntry("", pupil.Upn, kind, on, summary, Lead, default, tier, service))).Value;

        await Log(CaseEntryKind.Call, days[0], $"Called {parent}: mornings are hard since the baby arrived; offered breakfast club.");
        await Log(CaseEntryKind.HomeVisit, days[2], "Home visit with the family support worker: agreed to meet at school next week.");
        if (await Log(CaseEntryKind.Referral, days[3], "Early Help assessment requested with the family's agreement.", service: ReferralService.EarlyHelp) is { } referral)
        {
            await casework.RecordOutcome(referral.Id, new CaseOutcome("Accepted: a family support worker is allocated.", days[8], Lead));
        }

        await Log(CaseEntryKind.SupportTier, days[4], "Targeted support: a key adult checks in each morning.", tier: SupportTier.Targeted);
        var contract = await casework.RecordPlan(new ActionPlan("", pupil.Upn, "", PlanKind.Contract, days[5], [$"{parent} (parent)", "Mrs Okafor (attendance lead)"],
            ["Breakfast club place from Monday", "Key adult check-in at 8:45"], ["Bring them to breakfast club by 8:15", "Ring the office before 9:00 on any day of absence"],
            ["Come to breakfast club"], "Early Help family support worker", days[5].AddDays(28), Lead, default, [], new WeeklyTarget(9, 10)));
        if (contract.Value is { } agreed)
        {
            await casework.Sign(agreed.Id, new PlanSignature(parent, "Parent", days[5]), Lead);
            await casework.Sign(agreed.Id, new PlanSignature("Dr Hughes", "Headteacher", days[5]), Lead);
        }
    }
}
