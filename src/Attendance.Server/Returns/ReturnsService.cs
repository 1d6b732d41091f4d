using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Registers;
using Attendance.Server.Access;
using Attendance.Server.Families;
using Attendance.Server.Http;
using Attendance.Server.Letters;
using Microsoft.Extensions.Options;

namespace Attendance.Server.Returns;

/// <summary>The DfE extract's rows: the pupils on roll in the range, its open sessions, and each session's code now.</summary>
public sealed record DfeAttendanceData(IReadOnlyList<PupilOnRoll> Pupils, IReadOnlyList<Session> Sessions, IReadOnlyDictionary<(string Upn, Session Session), string> Codes);

/// <summary>The census figures' rows: each pupil with their register, and the term's open sessions.</summary>
/// <param name="Pupils">Every pupil on roll on any day of the period (those who left during it included), with their register.</param>
public sealed record CensusData(IReadOnlyList<(PupilOnRoll Pupil, PupilRegister Register)> Pupils, IReadOnlyList<Session> Sessions);

/// <summary>
/// Returns as several grains make them: the local authority's lists and the census figures from every pupil's
/// register, the DfE's daily extract from the legal register and the admission register, a joining pupil's CTF
/// checked against the roll and kept on each pupil, and everything held about one pupil for a subject access request.
/// Each statutory extract is recorded with who took it.
/// </summary>
public sealed class ReturnsService(
    IGrainFactory grains, ILegalRegister register, IRegisterJournal journal, IPupilReads reads, IEvidenceStore evidence, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    /// <summary>
    /// The local authority's lists on <paramref name="day"/>: sickness and persistent absence over the academic year of
    /// that day up to it, the run of unauthorised days across years (a run over the summer is still a run).
    /// </summary>
    public async Task<LocalAuthorityReturn> LocalAuthorityLists(KnownSchool school, DateOnly day)
    {
        var (schoolId, settings) = (school.Id, school.Settings);
        var rules = (await grains.GetGrain<ISchoolGrain>(schoolId).GetPolicy())?.Policy.FollowUp ?? new FollowUpRules();
        List<Session> year = [.. SessionRange.Days(settings.Calendar.FirstDayOf(AcademicYear.Of(day)) ?? day, day).OpenSessions(settings.Calendar)];
        var tenDays = new List<ReturnLine>();
        var sickness = new List<ReturnLine>();
        var persistent = new List<ReturnLine>();
        foreach (var (pupil, pupilRegister) in await SchoolPupils.Registers(grains, schoolId))
        {
            ReturnLine Line(decimal figure, DateOnly? since = null, bool severe = false) =>
                new(pupil.Upn, pupil.LegalName, pupil.YearGroup, pupil.RegistrationGroup, figure, since, severe);

            var run = AbsenceRun.Measure(settings.Calendar, day, session => pupilRegister.CurrentMark(session)?.Code);
            if (run.UnauthorisedDays >= rules.InformLocalAuthorityDays)
            {
                tenDays.Add(Line(run.UnauthorisedDays, run.Since));
            }

            var totals = SchoolPupils.Totals(pupilRegister, year);
            if (totals.SicknessReturnDue)
            {
                sickness.Add(Line(totals.IllnessDays));
            }

            if (totals.Tally is { IsPersistentlyAbsent: true, AttendancePercent: { } percent } tally)
            {
                persistent.Add(Line(percent, severe: tally.IsSeverelyAbsent));
            }
        }

        return new LocalAuthorityReturn(day, tenDays, sickness, [.. persistent.OrderBy(p => p.Figure)]);
    }

    /// <summary>
    /// The register of each pupil on roll on any day from <paramref name="first"/> to <paramref name="last"/> (a pupil
    /// who left during the term is returned for the sessions they were on roll), with the open sessions.
    /// </summary>
    public async Task<CensusData> Census(KnownSchool school, DateOnly first, DateOnly last)
    {
        List<Session> sessions = [.. SessionRange.Days(first, last).OpenSessions(school.Settings.Calendar)];
        var pupils = await SchoolPupils.OnRollBetween(grains, school.Id, first, last);
        var entries = await Task.WhenAll(pupils.Select(p => grains.GetPupil(school.Id, p.Pupil.Upn).GetEntries()));
        return new CensusData([.. pupils.Zip(entries, (pupil, lines) => (pupil, new PupilRegister(lines)))], sessions);
    }

    /// <summary>
    /// The DfE's daily attendance data from <paramref name="first"/> to <paramref name="last"/>: every pupil on roll
    /// on any of those days (those who left since included), the open sessions and each one's code now. The extract is
    /// recorded with who took it.
    /// </summary>
    public async Task<DfeAttendanceData> DfeAttendance(KnownSchool school, DateOnly first, DateOnly last, Staff by, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var schoolId = school.Id;
        var pupils = await SchoolPupils.OnRollBetween(grains, schoolId, first, last);
        var codes = Current(await register.Read(schoolId, first, last, cancellationToken));
        List<Session> sessions = [.. SessionRange.Days(first, last).OpenSessions(school.Settings.Calendar)];
        await grains.GetGrain<IExtractLogGrain>(schoolId).Record(new ExtractRecord(
            ExtractKind.DfeDailyAttendance, first, last, pupils.Count, pupils.Sum(p => sessions.Count(s => p.OnRollOn(s.Date))), by.Name, by.Position, now));
        return new DfeAttendanceData(pupils, sessions, codes);
    }

    /// <summary>
    /// Keeps the years of a CTF read in (<see cref="CtfDocument.Read"/>) on each of its pupils, all or nothing: refused
    /// with every problem when the file has any, or a pupil is not on the school's roll.
    /// </summary>
    public async Task<Outcome<CtfImportResult>> ImportCtf(string schoolId, CtfRead read, string by, DateTimeOffset at)
    {
        if (read.Problems.Count > 0)
        {
            return Rejection.NotImported(RejectionReason.CtfNotImported, read.Problems);
        }

        var details = await Task.WhenAll(read.Pupils.Select(p => p.Upn is { } upn ? grains.GetPupil(schoolId, upn).GetDetails() : Task.FromResult<PupilDetails?>(null)));
        List<string> problems = [];
        List<(PupilDetails Pupil, CtfPupilRead Read)> onRoll = [];
        foreach (var (pupil, found) in read.Pupils.Zip(details))
        {
            if (found is null)
            {
                problems.Add($"Pupil {pupil.Upn ?? "without a UPN"} ({pupil.Name}) is not on this school's roll: import the roster with them first, then their CTF.");
                continue;
            }

            problems.AddRange(pupil.Problems);
            onRoll.Add((found, pupil));
        }

        if (problems.Count > 0)
        {
            return Rejection.NotImported(RejectionReason.CtfNotImported, problems);
        }

        foreach (var (pupil, pupilRead) in onRoll)
        {
            await grains.GetGrain<ITransferredAttendanceGrain>(GrainKeys.Pupil(schoolId, pupil.Upn)).Record([.. pupilRead.Years.Select(y => y.Year)], by, at);
        }

        return new CtfImportResult(read.From, [.. onRoll.Select(p => new CtfImportedPupil(p.Pupil.Upn, p.Pupil.LegalName, [.. p.Read.Years.Select(Imported)]))]);
    }

    /// <summary>
    /// Everything held about one pupil as a ZIP, or null when the pupil is not known. Recorded as a reading of their
    /// record (with contacts) and as an extract; the reading is among what the export lists.
    /// </summary>
    public async Task<byte[]?> SubjectAccess(KnownSchool school, string upn, Staff by, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (schoolId, settings) = (school.Id, school.Settings);
        if (await grains.GetPupil(schoolId, upn).GetDetails() is not { } pupil)
        {
            return null;
        }

        var today = DateOnly.FromDateTime(settings.LocalTime(now));
        await reads.Record(new PupilRead(schoolId, upn, PupilReadKind.SubjectAccessExport, true, by.Name, by.Position, now), cancellationToken);
        var lines = (await journal.Load(schoolId, upn, cancellationToken)).Lines;
        await grains.GetGrain<IExtractLogGrain>(schoolId).Record(new ExtractRecord(
            ExtractKind.SubjectAccessExport, lines.Count > 0 ? lines.Min(l => l.Session.Date) : today, today, 1, lines.Count, by.Name, by.Position, now));

        var certificate = new LetterPrinter(grains, schoolId, settings, today);
        await certificate.Certificate(upn);
        var requests = await grains.GetGrain<IFamilyRequestsGrain>(schoolId).List(upn);
        var files = new Dictionary<string, byte[]>();
        foreach (var (report, file) in requests.Reports.SelectMany(r => (r.Evidence ?? []).Select(f => (r, f))))
        {
            if (await evidence.Read(schoolId, file.Id, cancellationToken) is { } content)
            {
                files[$"evidence/{report.Id}-{file.Id}.{Evidence.KindOf(content)?.Extension ?? "bin"}"] = content;
            }
        }

        var parts = new Dictionary<string, object>
        {
            ["pupil.json"] = pupil,
            ["alerts.json"] = await grains.GetGrain<IAlertInboxGrain>(schoolId).List(new AlertQuery(IncludeClosed: true, Upn: upn, Limit: int.MaxValue)),
            ["follow-up-tasks.json"] = await grains.GetGrain<IFollowUpGrain>(schoolId).List(new TaskQuery(IncludeClosed: true, Upn: upn, Limit: int.MaxValue)),
            ["casework.json"] = await grains.GetGrain<ICaseworkGrain>(schoolId).List(upn),
            ["letters.json"] = await grains.GetGrain<ILetterBookGrain>(schoolId).List(upn),
            ["parents-requests.json"] = requests,
            ["messages-home.json"] = (await grains.GetGrain<IMessageOutboxGrain>(schoolId).List(upn)).Select(m => m with
            {
                Message = m.Message with { Attachments = null }, // the letters themselves are listed in letters.json
            }).ToList(),
            ["admission-register.json"] = await grains.GetGrain<IAdmissionRegisterGrain>(schoolId).List(upn),
            ["previous-schools.json"] = await grains.GetGrain<ITransferredAttendanceGrain>(GrainKeys.Pupil(schoolId, upn)).List(),
            ["extracts.json"] = await grains.GetGrain<IExtractLogGrain>(schoolId).List(),
            ["record-read-by.json"] = await reads.Of(schoolId, upn, cancellationToken),
        };

        return await SubjectAccessZip.Build(settings.Name, upn, by.Name, now, parts, json.Value.SerializerOptions, lines, certificate.Build(), files);
    }

    /// <summary>Each session's code now: the latest line (an amendment replaces the code, the original stays in the register).</summary>
    private static Dictionary<(string Upn, Session Session), string> Current(IReadOnlyList<LegalRegisterLine> lines) =>
        lines.GroupBy(l => (l.Upn, l.Session)).ToDictionary(g => g.Key, g => g.MaxBy(l => l.EntryNo)!.Code);

    private static CtfImportedYear Imported(CtfYearRead read) => new(
        read.Year.Year, read.Year.Lea, read.Year.Estab, read.Year.SchoolName, read.Year.SessionsPossible, read.Year.SessionsAttended,
        read.Year.SessionsAuthorised, read.Year.SessionsUnauthorised, read.MarkedSessionsPossible, read.MarksMatchTotals);
}
