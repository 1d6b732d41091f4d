using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Server.Demo;

/// <summary>
/// A simulated session for the demo school, so a newcomer sees the dashboard move: pupils arrive through the gate
/// (most on time, some late, a few after the register closes), each class submits its register with N for those
/// not yet in, late arrivals turn N into L or U, and parents' calls turn N into a reason. In the afternoon, the
/// registers are taken class by class. Played at <c>Attendance:DemoSpeed</c> times real speed.
/// </summary>
public static class DemoMorning
{
    private static readonly Staff Office = new("Mrs Ahmed", "Attendance officer");

    /// <summary>One thing that happens at a moment of the school's day.</summary>
    public sealed record Step(TimeOnly At, Func<IGrainFactory, Task> Run);

    /// <param name="atProvision">Guest pupils at the provision this session: the provision marks them, not the school.</param>
    public static IReadOnlyList<Step> Plan(string schoolId, SchoolSettings settings, Roster roster, Session session, IReadOnlySet<string> atProvision)
    {
        var random = new Random(session.Date.DayNumber + (int)session.Part);
        var steps = new List<Step>();
        foreach (var group in roster.Classes)
        {
            var window = settings.TimesFor(group.Phase).For(session.Part);
            var pupils = roster.Pupils.Where(p => p.RegistrationGroup == group.Id && !atProvision.Contains(p.Upn)).ToList();
            var onTheEdge = pupils.Where(p => DemoSchool.Profile.Of(p).OnTheEdge).Select(p => p.Upn).ToHashSet();
            foreach (var pupil in pupils)
            {
                var profile = DemoSchool.Profile.Of(pupil);
                var roll = random.NextDouble();
                if (profile.OnTheEdge)
                {
                    continue; // absent, and nobody rings in: N at registration
                }

                if (roll < profile.Absence)
                {
                    // Absent: most parents ring in before the office's calls.
                    if (random.NextDouble() < 0.6)
                    {
                        var code = DemoSchool.AbsenceCode(random);
                        steps.Add(new Step(window.LateAfter.AddMinutes(10 + random.Next(50)), grains =>
                            Amend(grains, schoolId, pupil.RegistrationGroup, new Amendment(pupil.Upn, session, code, "Parent phoned the office", Office))));
                    }
                }
                else if (session.Part == SessionPart.AM)
                {
                    var minutes = roll < profile.Absence + profile.Lateness
                        ? (random.NextDouble() < 0.8 ? 1 + random.Next(29) : 31 + random.Next(20)) // late, or after the close
                        : -random.Next(1, 26); // up to 25 minutes before the late time
                    var arrivedAt = window.LateAfter.AddMinutes(minutes).Add(TimeSpan.FromSeconds(random.Next(60)));
                    var instant = settings.InstantOf(session.Date.ToDateTime(arrivedAt));
                    steps.Add(new Step(arrivedAt, grains => grains.GetPupil(schoolId, pupil.Upn).RecordArrival(new Arrival(pupil.Upn, instant))));
                }
            }

            // The teacher takes the register a few minutes after the late time: N for anyone not yet in.
            var teacher = new Staff($"{group.Name} teacher", "Class teacher");
            steps.Add(new Step(window.LateAfter.AddMinutes(random.Next(1, 8)), async grains =>
            {
                var register = await grains.GetClass(schoolId, group.Id).GetRegister(session);
                var code = session.Part == SessionPart.AM ? "N" : null;
                var marks = register!.Lines.Where(l => l.Mark is null && l.AtProvision is null)
                    .Select(l => new PupilMark(l.Upn, code ?? (random.NextDouble() < 0.96 && !onTheEdge.Contains(l.Upn) ? "\\" : "N")))
                    .ToList();
                await grains.GetClass(schoolId, group.Id).SubmitRegister(new RegisterSubmission(session, teacher, marks));
            }));
        }

        return [.. steps.OrderBy(s => s.At)];
    }

    /// <summary>
    /// Late morning: the office signs a pupil who is in out for the dentist, collected by their first contact (the
    /// afternoon is coded M), so "On site now" and the roll call have a sign-out to show.
    /// </summary>
    public static Step Dentist(string schoolId, TimeOnly at) => new(at, async grains =>
    {
        var site = grains.GetGrain<ISiteGrain>(schoolId);
        if ((await site.Now()).Pupils.FirstOrDefault(p => p.Presence == Presence.OnSite) is { } pupil)
        {
            var contact = (await grains.GetPupil(schoolId, pupil.Upn).GetDetails())?.Contacts.FirstOrDefault();
            await site.SignOut(new EarlySignOut(pupil.Upn, SignOutReason.Appointment, "Dentist",
                contact is null ? "A parent" : $"{contact.Name}, {contact.Relationship.ToLowerInvariant()}", Code: null, Office));
        }
    });

    public static async Task PlayAsync(IReadOnlyList<Step> plan, IGrainFactory grains, double speed, ILogger logger, CancellationToken cancellationToken)
    {
        if (plan.Count == 0)
        {
            return;
        }

        var start = plan[0].At;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var step in plan)
        {
            var due = (step.At - start) / speed;
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed, cancellationToken);
            }

            try
            {
                await step.Run(grains);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Demo step at {At} failed", step.At);
            }
        }
    }

    private static async Task Amend(IGrainFactory grains, string schoolId, string classId, Amendment amendment)
    {
        // A call before the register is taken is recorded as a mark; after it, as an amendment of the N.
        var grain = grains.GetClass(schoolId, classId);
        var result = await grain.Amend(amendment);
        if (result.Rejection?.Reason == RejectionReason.NotMarked)
        {
            await grain.Mark(new SingleMark(amendment.Upn, amendment.Session, amendment.Code, amendment.AmendedBy));
        }
    }
}
