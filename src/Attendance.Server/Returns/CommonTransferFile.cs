using System.Globalization;
using System.Security.Claims;
using System.Xml;
using System.Xml.Linq;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Server.Api;
using Attendance.Grains.Schools;
using Attendance.Server.Http;

namespace Attendance.Server.Returns;

/// <summary>
/// The Common Transfer File's attendance (docs/API.md "Common Transfer File"): a leaving pupil's CTF with this
/// school's year and the previous schools' years it holds; and a joining pupil's CTF read in, its years kept beside
/// the register (never in it). Only the header, the pupil's identifiers and the Attendance container are covered.
/// </summary>
public static class CommonTransferFile
{
    /// <summary>The CTF version written in the header; the DfE publishes one each year.</summary>
    public const string Version = "25.0";

    /// <summary>A CTF for a class moving on is a few megabytes; anything larger is not a CTF.</summary>
    private const long MaxCharacters = 32 * 1024 * 1024;

    public sealed record ImportedYear(int Year, string? Lea, string? Estab, string? SchoolName, int SessionsPossible, int SessionsAttended, int SessionsAuthorised, int SessionsUnauthorised, int? MarkedSessionsPossible, bool MarksMatchTotals);

    public sealed record ImportedPupil(string Upn, string Name, IReadOnlyList<ImportedYear> Years);

    /// <param name="From">The school that sent the file, as its header names it.</param>
    public sealed record ImportResult(string From, IReadOnlyList<ImportedPupil> Pupils);

    public static RouteGroupBuilder MapCommonTransferFiles(this RouteGroupBuilder api)
    {
        var school = api.MapGroup("/schools/{schoolId}").WithTags("Common Transfer File");

        school.MapGet("/pupils/{upn}/ctf.xml", Export)
            .RequireAccess(Capability.StatutoryExtract)
            .Produces(StatusCodes.Status200OK, contentType: "application/xml")
            .WithSummary("A leaving pupil's Common Transfer File: header, identifiers and attendance (this school's year and the previous schools' years); recorded with who took it");

        school.MapPost("/ctf", Import)
            .RequireAccess(Capability.ManageSchool)
            .Accepts<string>("application/xml")
            .WithSummary("Reads a joining pupil's Common Transfer File and keeps its attendance years beside the register; nothing is kept if any part is refused");

        school.MapGet("/pupils/{upn}/previous-attendance", async (string schoolId, string upn, IGrainFactory grains) =>
            await grains.GetPupil(schoolId, upn).GetDetails() is null
                ? PupilEndpoints.UnknownPupil(schoolId, upn)
                : Results.Ok(await grains.GetGrain<ITransferredAttendanceGrain>(GrainKeys.Pupil(schoolId, upn)).List()))
            .RequireAccess(Capability.ViewPupil)
            .WithSummary("A pupil's attendance at previous schools, from the CTFs imported");

        return api;
    }

    private static async Task<IResult> Export(
        string schoolId, string upn, string? destLea, string? destEstab, ClaimsPrincipal user, IGrainFactory grains,
        [FromKeyedServices(SchoolClock.Key)] TimeProvider clock, ILoggerFactory loggers, IPupilReads reads)
    {
        if (!IsNumber(destLea, 3) || !IsNumber(destEstab, 4))
        {
            return Problems.Invalid("Say which school the pupil is going to: destLea (the local authority's three-digit number) and destEstab (the school's four-digit establishment number), e.g. destLea=999&destEstab=2002.", "destLea", "destEstab");
        }

        if (await grains.GetGrain<ISchoolGrain>(schoolId).GetSettings() is not { } settings)
        {
            return SchoolEndpoints.UnknownSchool(schoolId);
        }

        if (settings.LaEstab is not { Length: 7 } laEstab)
        {
            return Problems.Invalid("The school's LAESTAB is not set, and a CTF names the school by it. Set laEstab in the school's settings first.", "laEstab");
        }

        var pupil = grains.GetPupil(schoolId, upn);
        if (await pupil.GetDetails() is not { } details || settings.Calendar.FirstDay is not { } firstDay)
        {
            return PupilEndpoints.UnknownPupil(schoolId, upn);
        }

        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(settings.LocalTime(now));
        var roll = (await grains.GetGrain<IAdmissionRegisterGrain>(schoolId).Rolls([upn])).GetValueOrDefault(upn);
        var register = new PupilRegister(await pupil.GetEntries());
        var thisYear = ThisSchoolsYear(settings, laEstab, firstDay, today, roll, register);
        var previous = await grains.GetGrain<ITransferredAttendanceGrain>(GrainKeys.Pupil(schoolId, upn)).List();

        var staff = user.Staff();
        await reads.Reading(user, schoolId, upn, PupilReadKind.CommonTransferFile, withContacts: false, clock);
        await grains.GetGrain<IExtractLogGrain>(schoolId).Record(new ExtractRecord(
            ExtractKind.CommonTransferFile, thisYear.StartDate ?? firstDay, today, 1, thisYear.SessionsPossible, staff.Name, staff.Position, now));
        loggers.CreateLogger(typeof(CommonTransferFile)).LogInformation("CTF of pupil {Upn} of school {SchoolId} for {DestLea}{DestEstab} taken by {Staff} ({Role})", upn, schoolId, destLea, destEstab, staff.Name, staff.Position);

        var file = Write(settings, laEstab, destLea!, destEstab!, firstDay.Year, now, details, [thisYear, .. previous.Select(p => p.Attendance)]);
        // The CTF's file name: source LA and establishment, CTF, destination LA and establishment, a sequence number.
        return Results.File(System.Text.Encoding.UTF8.GetBytes(file.Declaration + Environment.NewLine + file), "application/xml", $"{laEstab}_CTF_{destLea}{destEstab}_001.xml");
    }

    /// <summary>This school's year for the pupil: from the year's first day (or their admission) to today (or their last day on roll).</summary>
    private static CtfYear ThisSchoolsYear(SchoolSettings settings, string laEstab, DateOnly firstDay, DateOnly today, IReadOnlyList<RollPeriod>? roll, PupilRegister register)
    {
        var admitted = roll?.Where(r => r.To is null || r.To >= firstDay).Select(r => r.From).DefaultIfEmpty(firstDay).Min() ?? firstDay;
        var from = admitted > firstDay ? admitted : firstDay;
        var to = roll is { Count: > 0 } && roll[^1].To is { } left && left < today ? left : today;
        var sessions = SessionRange.Days(from, to).OpenSessions(settings.Calendar)
            .Where(s => RollPeriod.OnRoll(roll, s.Date))
            .ToDictionary(s => s, s => NationalCodes.TryGet(register.CurrentMark(s)?.Code, out var code) ? code : null);
        return CtfYear.Of(firstDay.Year, laEstab[..3], laEstab[3..], settings.Name, from, to, sessions);
    }

    private static XDocument Write(SchoolSettings settings, string laEstab, string destLea, string destEstab, int academicYear, DateTimeOffset now, PupilDetails pupil, IEnumerable<CtfYear> years) =>
        new(new XDeclaration("1.0", "UTF-8", null),
            new XElement("CTfile",
                new XElement("Header",
                    new XElement("DocumentName", "Common Transfer File"),
                    new XElement("CTFversion", Version),
                    new XElement("DateTime", now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
                    new XElement("DocumentQualifier", "partial"),
                    new XElement("SupplierID", "Attendance.Orleans"),
                    new XElement("SourceSchool",
                        new XElement("LEA", laEstab[..3]), new XElement("Estab", laEstab[3..]), new XElement("SchoolName", settings.Name),
                        new XElement("AcademicYear", academicYear)),
                    new XElement("DestSchool", new XElement("LEA", destLea), new XElement("Estab", destEstab))),
                new XElement("CTFpupilData",
                    new XElement("Pupil",
                        new XElement("UPN", pupil.Upn),
                        new XElement("Surname", pupil.LegalSurname),
                        new XElement("Forename", pupil.LegalForename),
                        new XElement("DOB", pupil.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                        PupilCharacteristics.CodeOf(pupil.Characteristics?.Sex) is { } sex ? new XElement("Sex", sex) : null,
                        new XElement("Attendance", years.Select(YearData))))));

    private static XElement YearData(CtfYear year) =>
        new("YearData",
            new XElement("Year", year.Year),
            year.Lea is null ? null : new XElement("LEA", year.Lea),
            year.Estab is null ? null : new XElement("Estab", year.Estab),
            year.SchoolName is null ? null : new XElement("SchoolName", year.SchoolName),
            new XElement("SessionsPossible", year.SessionsPossible),
            new XElement("SessionsAuthorised", year.SessionsAuthorised),
            new XElement("SessionsAttended", year.SessionsAttended),
            new XElement("SessionsUnauthorised", year.SessionsUnauthorised),
            year.StartDate is { } start && year.Marks is { } marks
                ? new XElement("AttendSessions",
                    new XElement("AttendanceStartDate", start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    new XElement("AttendanceMarks", marks))
                : null);

    private static async Task<IResult> Import(string schoolId, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await grains.GetGrain<ISchoolGrain>(schoolId).GetSettings() is not { } settings)
        {
            return SchoolEndpoints.UnknownSchool(schoolId);
        }

        XDocument document;
        try
        {
            // No DTD and no external entities: a CTF has neither, and either could read files or the network.
            using var reader = XmlReader.Create(request.Body, new XmlReaderSettings
            {
                Async = true, DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxCharacters,
            });
            document = await XDocument.LoadAsync(reader, LoadOptions.None, cancellationToken);
        }
        catch (XmlException ex)
        {
            return NotImported([$"The file is not readable XML ({ex.Message}). Send the .xml file the previous school's system exported."]);
        }

        if (document.Root?.Name.LocalName != "CTfile")
        {
            return NotImported([$"This is not a Common Transfer File: its first element is <{document.Root?.Name.LocalName}>, a CTF's is <CTfile>."]);
        }

        var header = document.Root.Element("Header");
        if (Addressed(header, settings.LaEstab) is { } elsewhere)
        {
            return NotImported([elsewhere]);
        }

        List<string> problems = [];
        List<(PupilDetails Pupil, List<(CtfYear Year, CtfMarksRead? Read)> Years)> pupils = [];
        foreach (var element in document.Root.Element("CTFpupilData")?.Elements("Pupil") ?? [])
        {
            var upn = Text(element, "UPN");
            var name = $"{Text(element, "Forename")} {Text(element, "Surname")}".Trim();
            var details = upn is null ? null : await grains.GetPupil(schoolId, upn).GetDetails();
            if (details is null)
            {
                problems.Add($"Pupil {upn ?? "without a UPN"} ({name}) is not on this school's roll: import the roster with them first, then their CTF.");
                continue;
            }

            var years = element.Element("Attendance")?.Elements("YearData").Select(y => ReadYear(y, $"{upn} ({name})", problems)).OfType<(CtfYear, CtfMarksRead?)>().ToList() ?? [];
            pupils.Add((details, years));
        }

        if (pupils.Count == 0 && problems.Count == 0)
        {
            problems.Add("The file has no pupils (no <CTFpupilData><Pupil>).");
        }

        if (problems.Count > 0)
        {
            return NotImported(problems);
        }

        var by = user.Staff().Name;
        var at = clock.GetUtcNow();
        foreach (var (pupil, years) in pupils)
        {
            await grains.GetGrain<ITransferredAttendanceGrain>(GrainKeys.Pupil(schoolId, pupil.Upn)).Record([.. years.Select(y => y.Year)], by, at);
        }

        var source = header?.Element("SourceSchool");
        return Results.Ok(new ImportResult(
            $"{Text(source, "SchoolName")} ({Text(source, "LEA")} {Text(source, "Estab")})",
            [.. pupils.Select(p => new ImportedPupil(p.Pupil.Upn, p.Pupil.LegalName, [.. p.Years.Select(y => Imported(y.Year, y.Read))]))]));
    }

    /// <summary>A CTF sent to another school is refused: it holds someone else's pupils' personal data.</summary>
    private static string? Addressed(XElement? header, string? laEstab)
    {
        var dest = header?.Element("DestSchool");
        var (lea, estab) = (Text(dest, "LEA"), Text(dest, "Estab"));
        return laEstab is { Length: 7 } && IsNumber(lea, 3) && IsNumber(estab, 4) && $"{lea}{estab}" != laEstab
            ? $"This CTF is addressed to establishment {lea} {estab}, not this school ({laEstab[..3]} {laEstab[3..]}): nothing was imported. Ask the previous school to send it to this school."
            : null;
    }

    private static (CtfYear, CtfMarksRead?)? ReadYear(XElement year, string pupil, List<string> problems)
    {
        var before = problems.Count;
        int Count(string name, string what = "a number of sessions")
        {
            if (int.TryParse(Text(year, name), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            problems.Add($"{pupil}: {name} is '{Text(year, name)}', not {what}.");
            return 0;
        }

        var number = Count("Year", "a year such as 2026");
        var possible = Count("SessionsPossible");
        var attended = Count("SessionsAttended");
        var authorised = Count("SessionsAuthorised");
        var unauthorised = Count("SessionsUnauthorised");
        var sessions = year.Element("AttendSessions");
        var marks = Text(sessions, "AttendanceMarks");
        DateOnly? start = null;
        CtfMarksRead? read = null;
        if (marks is not null)
        {
            if (DateOnly.TryParseExact(Text(sessions, "AttendanceStartDate"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
            {
                start = first;
                read = CtfMarks.Read(first, marks);
                problems.AddRange(read.Problems.Select(p => $"{pupil}, year {number}: {p}."));
            }
            else
            {
                problems.Add($"{pupil}, year {number}: the marks have no AttendanceStartDate (yyyy-MM-dd), so their days are not known.");
            }
        }

        return problems.Count > before
            ? null
            : (new CtfYear(number, Text(year, "LEA"), Text(year, "Estab"), Text(year, "SchoolName"), possible, attended, authorised, unauthorised, start, marks), read);
    }

    private static ImportedYear Imported(CtfYear year, CtfMarksRead? read) => new(
        year.Year, year.Lea, year.Estab, year.SchoolName, year.SessionsPossible, year.SessionsAttended, year.SessionsAuthorised, year.SessionsUnauthorised,
        read?.Tally.PossibleSessions,
        read is null || (read.Tally.PossibleSessions, read.Tally.SessionsAttended, read.Tally.AuthorisedAbsence, read.Tally.UnauthorisedAbsence)
            == (year.SessionsPossible, year.SessionsAttended, year.SessionsAuthorised, year.SessionsUnauthorised));

    private static IResult NotImported(IReadOnlyList<string> problems) =>
        Rejection.NotImported(RejectionReason.CtfNotImported, problems).ToProblem();

    private static string? Text(XElement? parent, string name) => parent?.Element(name)?.Value.Trim() is { Length: > 0 } text ? text : null;

    private static bool IsNumber(string? text, int digits) => text is not null && text.Length == digits && text.All(char.IsAsciiDigit);
}
