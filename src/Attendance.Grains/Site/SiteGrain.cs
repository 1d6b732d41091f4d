using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Hosting;
using Attendance.Grains.Schools;

namespace Attendance.Grains.Site;

[GenerateSerializer]
public sealed class SiteState
{
    [Id(0)] public List<SignOutRecord> SignOuts { get; set; } = [];

    /// <summary>Every roll call held, in the order started.</summary>
    [Id(1)] public List<string> RollCalls { get; set; } = [];

    [Id(2)] public string? Current { get; set; }
}

/// <summary>
/// A school's site: the office's sign-out book and its emergency roll calls. A sign-out codes the sessions of the day
/// the pupil has not been registered in (through the class, like any mark, the note saying when and who collected
/// them); signing back in amends those whose register is still open to the time they came back. Who is on site is
/// read when asked, from the classes' registers of today, the open sign-outs and the lessons' truancy alerts.
/// </summary>
[SchoolPlacement]
public sealed partial class SiteGrain(
    [PersistentState("site", StorageNames.Attendance)] IPersistentState<SiteState> state,
    [FromKeyedServices(SchoolClock.Key)] TimeProvider clock) : Grain, ISiteGrain
{
    // The sign-out book is a record of the school's days, kept as long as the register of those days is live here.
    private const int DaysKept = 800;

    private string SchoolId => this.GetPrimaryKeyString();

    private ISchoolGrain School => GrainFactory.GetGrain<ISchoolGrain>(SchoolId);

    public async Task<Outcome<SignOutRecord>> SignOut(EarlySignOut signOut)
    {
        var refused = Rejection.WithoutStaff(signOut.By, "signing the pupil out")
            ?? (Enum.IsDefined(signOut.Reason) ? null : Invalid($"The reason must be one of {string.Join(", ", Enum.GetNames<SignOutReason>())}.", "reason"))
            ?? (string.IsNullOrWhiteSpace(signOut.CollectedBy)
                ? Invalid("Say who collected the pupil, with their relationship (e.g. \"Mrs Kowalska, mum\"): it is kept with the sign-out for safeguarding.", "collectedBy")
                : null);
        if (refused is not null)
        {
            return refused;
        }

        var code = signOut.Code is { } given ? (NationalCodes.TryGet(given, out var known) ? known : null) : SiteRules.DefaultCode(signOut.Reason);
        if (signOut.Code is not null && (code is null || !SiteRules.FitsSignOut(code)))
        {
            return new Rejection(RejectionReason.UnknownCode,
                $"'{signOut.Code}' is not a code for a pupil signed out: give an absence code with its reason known (e.g. M for an appointment, I for illness, C for exceptional circumstances), not N or U.", ["code"]);
        }

        if (await Today(signOut.Upn) is not { } day)
        {
            return await NoDay(signOut.Upn);
        }

        var (pupil, place, now, local) = day;
        var today = DateOnly.FromDateTime(local);
        if (OpenSignOut(signOut.Upn, today) is { } open)
        {
            return new Rejection(RejectionReason.AlreadySignedOut,
                $"{pupil.DisplayName} was signed out at {place.Settings.LocalTime(open.At):HH:mm} (collected by {open.CollectedBy}). Sign them back in before signing them out again.", [signOut.Upn]);
        }

        // A session coded by an earlier sign-out or sign-in today was never registered: this sign-out codes it again.
        var times = place.Settings.TimesFor(place.Phase);
        var sessions = new[] { new Session(today, SessionPart.AM), new Session(today, SessionPart.PM) };
        var marks = await GrainFactory.GetPupil(SchoolId, signOut.Upn).GetMarks(sessions);
        var affected = SiteRules.Affected(times, TimeOnly.FromDateTime(local), part => marks[(int)part] is { Source: not MarkSource.SignOut })
            .Select(part => sessions[(int)part]).Where(place.Settings.Calendar.IsOpen).ToList();
        if (affected.Count > 0 && code is null)
        {
            return Invalid($"Say which code the {string.Join(" and ", affected.Select(s => s.Part))} session{(affected.Count > 1 ? "s" : "")} {pupil.DisplayName} misses get{(affected.Count > 1 ? "" : "s")} (e.g. C for exceptional circumstances, O for no reason the school accepts).", "code");
        }

        // The book first, then the register: a sign-out whose marks fail part-way is still in the book (with the
        // sessions it did code), so the pupil can be signed back in.
        var details = string.IsNullOrWhiteSpace(signOut.Details) ? null : signOut.Details.Trim();
        var record = new SignOutRecord(RecordIds.New("signout"), signOut.Upn, pupil.DisplayName, place.ClassId, today, now, signOut.Reason, details,
            signOut.CollectedBy.Trim(), code?.Code, [], signOut.By);
        state.State.SignOuts.RemoveAll(r => now - r.At > TimeSpan.FromDays(DaysKept));
        state.State.SignOuts.Add(record);
        await state.WriteStateAsync();

        var note = $"Signed out at {local:HH:mm} ({Describe(record)}), collected by {record.CollectedBy}";
        var coded = new List<Session>();
        Rejection? failed = null;
        foreach (var session in affected)
        {
            var register = GrainFactory.GetClass(SchoolId, place.ClassId);
            var marked = marks[(int)session.Part] is null
                ? await register.Mark(new SingleMark(signOut.Upn, session, code!.Code, signOut.By, MarkSource.SignOut, note))
                : await register.Amend(new Amendment(signOut.Upn, session, code!.Code, note, signOut.By, MarkSource.SignOut));
            if (marked.Rejection is null)
            {
                coded.Add(session);
            }
            else if (marked.Rejection.Reason != RejectionReason.AlreadyMarked) // registered in the meantime: present for it
            {
                failed = marked.Rejection;
                break;
            }
        }

        if (coded.Count > 0)
        {
            record = record with { Sessions = coded };
            state.State.SignOuts[^1] = record;
            await state.WriteStateAsync();
        }

        return failed is null ? record : failed;
    }

    public async Task<Outcome<SignOutRecord>> SignIn(string upn, Staff by)
    {
        if (Rejection.WithoutStaff(by, "signing the pupil back in") is { } noStaff)
        {
            return noStaff;
        }

        if (await Today(upn) is not { } day)
        {
            return await NoDay(upn);
        }

        var (pupil, place, now, local) = day;
        if (OpenSignOut(upn, DateOnly.FromDateTime(local)) is not { } open)
        {
            return new Rejection(RejectionReason.NotSignedOut, $"{pupil.DisplayName} has not been signed out today, so there is nothing to sign back in. Record a late arrival at reception instead.", [upn]);
        }

        var times = place.Settings.TimesFor(place.Phase);
        var backAt = TimeOnly.FromDateTime(local);
        var current = await GrainFactory.GetPupil(SchoolId, upn).GetCodes(open.Sessions);
        var amended = new List<Session>();
        for (var i = 0; i < open.Sessions.Count; i++)
        {
            // Only a session still holding the sign-out's code: one the office has changed since is theirs.
            var session = open.Sessions[i];
            if (current[i] == open.Code && SiteRules.OnReturn(times, session.Part, backAt) is { } code)
            {
                var result = await GrainFactory.GetClass(SchoolId, place.ClassId).Amend(
                    new Amendment(upn, session, code.Code, $"Signed back in at {backAt:HH:mm}", by, MarkSource.SignOut));
                if (result.Rejection is { } refused)
                {
                    return refused;
                }

                amended.Add(session);
            }
        }

        var back = open with { Back = new SignedBackIn(now, by, amended) };
        state.State.SignOuts[state.State.SignOuts.FindIndex(r => r.Id == open.Id)] = back;
        await state.WriteStateAsync();
        return back;
    }

    public Task<IReadOnlyList<SignOutRecord>> SignOuts(DateOnly day) =>
        Task.FromResult<IReadOnlyList<SignOutRecord>>([.. state.State.SignOuts.Where(r => r.Day == day)]);

    /// <summary>The pupil, their place and the school's now, when the pupil is on roll at a school open today; else null.</summary>
    private async Task<(PupilDetails Pupil, PupilPlace Place, DateTimeOffset Now, DateTime Local)?> Today(string upn)
    {
        if (await GrainFactory.GetPupil(SchoolId, upn).GetDetails() is not { } pupil
            || await GrainFactory.GetClass(SchoolId, pupil.RegistrationGroup).GetPlace(upn) is not { } place)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var local = place.Settings.LocalTime(now);
        var today = DateOnly.FromDateTime(local);
        return place.Settings.Calendar.IsSchoolDay(today) && RollPeriod.OnRoll(place.Roll, today) ? (pupil, place, now, local) : null;
    }

    /// <summary>Why <see cref="Today"/> found nothing: no such school or pupil, or no school day for them today.</summary>
    private async Task<Rejection> NoDay(string upn) =>
        await School.GetSettings() is null ? new Rejection(RejectionReason.UnknownSchool, $"There is no school '{SchoolId}'.", [SchoolId])
        : await GrainFactory.GetPupil(SchoolId, upn).GetDetails() is null ? new Rejection(RejectionReason.UnknownPupil, $"Pupil {upn} is not on the school's roll.", [upn])
        : new Rejection(RejectionReason.SchoolClosed, $"Pupil {upn} has no school day today (the school is closed, or they are not on roll today): there is no register to sign them in or out of.", [upn]);

    /// <summary>The pupil's sign-out of the school's today without a sign-in, if any.</summary>
    private SignOutRecord? OpenSignOut(string upn, DateOnly today) => LastSignOut(upn, today) is { Back: null } open ? open : null;

    /// <summary>The pupil's latest sign-out of the school's today, signed back in or not.</summary>
    private SignOutRecord? LastSignOut(string upn, DateOnly today) => state.State.SignOuts.LastOrDefault(r => r.Upn == upn && r.Day == today);

    private static string Describe(SignOutRecord record) =>
        record.Details is { } details ? $"{record.Reason.ToString().ToLowerInvariant()}: {details}" : record.Reason.ToString().ToLowerInvariant();

    private static Rejection Invalid(string detail, string field) => new(RejectionReason.InvalidRequest, detail, [field]);
}
