using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Schools;
using Attendance.Grains.Hosting;

namespace Attendance.Grains.Returns;

[GenerateSerializer]
public sealed class TransferredAttendanceState
{
    [Id(0)] public List<TransferredYear> Years { get; set; } = [];
}

[SchoolPlacement]
public sealed class TransferredAttendanceGrain([PersistentState("transferred", StorageNames.Attendance)] IPersistentState<TransferredAttendanceState> state) : Grain, ITransferredAttendanceGrain
{
    public async Task Record(IReadOnlyList<CtfYear> years, string importedBy, DateTimeOffset at)
    {
        var kept = state.State.Years;
        var changed = years.Where(y => !kept.Any(k => k.Attendance == y)).ToList();
        if (changed.Count == 0)
        {
            return;
        }

        kept.RemoveAll(k => changed.Any(y => y.SameSchoolYear(k.Attendance)));
        kept.AddRange(changed.Select(y => new TransferredYear(y, importedBy, at)));
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<TransferredYear>> List() => Task.FromResult(Ordered());

    public async Task<Outcome<CtfFile>> ExportCtf(string destLea, string destEstab, Staff by, DateTimeOffset now)
    {
        var (schoolId, upn) = GrainKeys.Split(this.GetPrimaryKeyString());
        if (await GrainFactory.GetGrain<ISchoolGrain>(schoolId).GetSettings() is not { } settings)
        {
            return new Rejection(RejectionReason.UnknownSchool, $"There is no school '{schoolId}'. Create it with PUT /api/schools/{schoolId}.");
        }

        if (settings.LaEstab is not { Length: 7 } laEstab)
        {
            return new Rejection(RejectionReason.InvalidRequest, "The school's LAESTAB is not set, and a CTF names the school by it. Set laEstab in the school's settings first.", ["laEstab"]);
        }

        var pupil = GrainFactory.GetPupil(schoolId, upn);
        if (await pupil.GetDetails() is not { } details)
        {
            return new Rejection(RejectionReason.UnknownPupil, $"No pupil with UPN '{upn}' is on roll at school '{schoolId}'.");
        }

        // This academic year at this school: from its first day (or the pupil's admission) to today.
        var today = DateOnly.FromDateTime(settings.LocalTime(now));
        var year = settings.Calendar.YearUnderWay(today);
        if (settings.Calendar.FirstDayOf(year) is not { } firstDay)
        {
            return new Rejection(RejectionReason.InvalidRequest, $"The school's calendar has no terms in {year}, so there is no attendance this year to transfer. Enter this year's calendar first.", ["calendar"]);
        }

        var roll = (await GrainFactory.GetGrain<IAdmissionRegisterGrain>(schoolId).Rolls([upn])).GetValueOrDefault(upn);
        var thisYear = CtfYear.ThisSchool(settings, laEstab, firstDay, today, roll, new PupilRegister(await pupil.GetEntries()));
        await GrainFactory.GetGrain<IExtractLogGrain>(schoolId).Record(new ExtractRecord(
            ExtractKind.CommonTransferFile, thisYear.StartDate ?? firstDay, today, 1, thisYear.SessionsPossible, by.Name, by.Position, now));

        var from = new CtfSchool(laEstab[..3], laEstab[3..], settings.Name);
        var to = new CtfSchool(destLea, destEstab);
        var document = CtfDocument.Write(from, to, year.StartYear, now, new CtfPupil(
            details.Upn, details.LegalSurname, details.LegalForename, details.DateOfBirth, PupilCharacteristics.CodeOf(details.Characteristics?.Sex),
            [thisYear, .. Ordered().Select(p => p.Attendance)]));
        return new CtfFile(CtfDocument.FileName(from, to), CtfDocument.ToText(document));
    }

    private IReadOnlyList<TransferredYear> Ordered() =>
        [.. state.State.Years.OrderByDescending(y => y.Attendance.Year).ThenBy(y => y.Attendance.StartDate)];
}
