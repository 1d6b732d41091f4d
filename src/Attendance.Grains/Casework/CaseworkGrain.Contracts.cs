using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Registers;

namespace Attendance.Grains.Casework;

/// <summary>Plans' signatures, and contracts' weekly targets checked as each school week ends.</summary>
public sealed partial class CaseworkGrain
{
    /// <summary>The last week each plan's target was checked through, so a plan's register is read once a week, not every minute.</summary>
    private readonly Dictionary<string, DateOnly> targetsCheckedThrough = [];

    public async Task<Outcome<ActionPlan>> Sign(string planId, PlanSignature signature, Staff by)
    {
        if (state.State.Plans.GetValueOrDefault(planId) is not { } plan)
        {
            return Unknown(planId);
        }

        var refused = Rejection.WithoutStaff(by, "recording the signature")
            ?? (string.IsNullOrWhiteSpace(signature.Name) || string.IsNullOrWhiteSpace(signature.Role) ? Invalid("Give the name and role of who signed (e.g. the mother, the headteacher).", "name")
            : signature.SignedOn < plan.MeetingOn || signature.SignedOn > await SchoolToday()
                ? Invalid($"A signature is dated from the meeting ({plan.MeetingOn:d MMMM yyyy}) to today.", "signedOn")
            : null);
        if (refused is not null)
        {
            return refused;
        }

        var signed = plan with { Signatures = [.. plan.Signatures ?? [], signature with { Name = signature.Name.Trim(), Role = signature.Role.Trim() }] };
        state.State.Plans[planId] = signed;
        await state.WriteStateAsync();
        return signed;
    }

    /// <summary>
    /// Checks each open plan with a target against the school weeks that have ended since its meeting, keeping each
    /// week's result on the plan; a week short of the target is a task for the attendance lead (one per plan and week).
    /// </summary>
    private async Task<IReadOnlyList<FollowUpTask>> TrackTargets(SchoolSettings settings, DateOnly today)
    {
        var tasks = new List<FollowUpTask>();
        var changed = false;
        var monday = SchoolCalendar.MondayOf(today);
        var lastEnded = monday.AddDays(4) < today ? monday : monday.AddDays(-7);
        foreach (var plan in state.State.Plans.Values.Where(p => p is { IsOpen: true, Target: not null }).ToList())
        {
            if (targetsCheckedThrough.GetValueOrDefault(plan.Id) == lastEnded)
            {
                continue;
            }

            targetsCheckedThrough[plan.Id] = lastEnded;
            var marks = new PupilRegister(await GrainFactory.GetPupil(SchoolId, plan.Upn).GetEntries()).CurrentMarks();
            var known = (plan.Weeks ?? []).Select(w => w.WeekOf).ToHashSet();
            var ended = plan.Target!.Weeks(marks, plan.MeetingOn, today, today).Where(w => !known.Contains(w.WeekOf)).ToList();
            if (ended.Count == 0)
            {
                continue;
            }

            state.State.Plans[plan.Id] = plan with { Weeks = [.. plan.Weeks ?? [], .. ended] };
            changed = true;
            foreach (var week in ended.Where(w => !w.Met))
            {
                tasks.Add((await ReviewTaskFor(settings, plan.Id, FollowUpKind.ContractTargetMissed, plan.Upn, today,
                    $"{plan.PupilName} attended {week.Attended} of {week.Possible} sessions in the week of {week.WeekOf:d MMMM}: the {plan.Name}'s target is {plan.Target}. Talk to the family, and record it in the case log.")) with
                {
                    Id = $"target-{plan.Id}-{week.WeekOf:yyyy-MM-dd}",
                });
            }
        }

        if (changed)
        {
            await state.WriteStateAsync();
        }

        return tasks;
    }
}
