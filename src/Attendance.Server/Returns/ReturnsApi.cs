using System.Security.Claims;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Registers;
using Attendance.Grains.Schools;
using Attendance.Server.Access;
using Attendance.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.Server.Returns;

/// <summary>
/// What leaves the school: the legal register's export, the local authority's lists and the census figures, the
/// DfE's daily attendance data, a leaving pupil's Common Transfer File (and a joining pupil's read in, kept beside the
/// register, never in it), and a subject access export. Statutory extracts are recorded with who took them.
/// </summary>
public static class ReturnsApi
{
    /// <summary>The longest export in one request: a school year and its summer holiday.</summary>
    public const int MaxExportDays = 400;

    /// <summary>The DfE's data-sharing agent collects daily; a longer range is a catch-up, kept to a half term.</summary>
    public const int MaxDfeDays = 62;

    /// <summary>A CTF for a class moving on is a few megabytes; anything larger is not a CTF.</summary>
    private const long MaxCtfCharacters = 32 * 1024 * 1024;

    private const string Csv = "text/csv; charset=utf-8";

    public static IEndpointRouteBuilder MapReturnsApi(this IEndpointRouteBuilder app)
    {
        var school = app.MapGroup("/api/schools/{schoolId}").ForKnownSchool();

        school.MapGet("/register.csv", ExportRegister)
            .WithTags("Legal register")
            .RequireAccess(Capability.ExportRegister)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("The school's legal register for a date range as CSV: every mark and amendment, with who, role, source, original and reason");

        var returns = school.MapGroup("/returns").WithTags("Returns");

        returns.MapGet("/dfe-attendance.csv", ExportDfeAttendance)
            .RequireAccess(Capability.StatutoryExtract)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("The DfE's daily attendance data for a date range as CSV: each pupil's identifiers and characteristics and each session's code; recorded with who took it");

        returns.MapGet("/extracts", GetExtracts)
            .RequireAccess(Capability.StatutoryExtract)
            .WithSummary("Every statutory extract taken from the school: what, which dates, how many pupils, who and when");

        returns.MapGet("/local-authority", GetLocalAuthorityLists)
            .RequireAccess(Capability.ExportRegister)
            .WithSummary("The local authority's lists on a day: 10 continuous school days absent without permission, 15 days' illness this year, persistent and severe absence");

        returns.MapGet("/local-authority.csv", ExportLocalAuthorityLists)
            .RequireAccess(Capability.ExportRegister)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("The local authority's lists on a day as CSV, one row per pupil per list");

        returns.MapGet("/census.csv", ExportCensus)
            .RequireAccess(Capability.ExportRegister)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("The school census's termly attendance figures per pupil: sessions possible, attended, and missed by each reason code");

        school.MapGet("/pupils/{upn}/ctf.xml", ExportCtf)
            .WithTags("Common Transfer File")
            .RequireAccess(Capability.StatutoryExtract)
            .Produces(StatusCodes.Status200OK, contentType: "application/xml")
            .WithSummary("A leaving pupil's Common Transfer File: header, identifiers and attendance (this school's year and the previous schools' years); recorded with who took it");

        school.MapPost("/ctf", ImportCtf)
            .WithTags("Common Transfer File")
            .RequireAccess(Capability.ManageSchool)
            .Accepts<string>("application/xml")
            .WithSummary("Reads a joining pupil's Common Transfer File and keeps its attendance years beside the register; nothing is kept if any part is refused");

        school.MapGet("/pupils/{upn}/previous-attendance", GetPreviousAttendance)
            .WithTags("Common Transfer File")
            .RequireAccess(Capability.ViewPupil)
            .WithSummary("A pupil's attendance at previous schools, from the CTFs imported");

        school.MapGet("/pupils/{upn}/subject-access.zip", ExportSubjectAccess)
            .WithTags("Returns")
            .RequireAccess(Capability.StatutoryExtract)
            .Produces(StatusCodes.Status200OK, contentType: "application/zip")
            .WithSummary("Everything held about one pupil for a subject access request: details and contacts, every register line, alerts, follow-up, casework, letters, parents' requests, messages, the admission register, previous schools, extracts and who read their record; recorded");

        return app;
    }

    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> ExportRegister(
        DateOnly? from, DateOnly? to, KnownSchool school, ILegalRegister register, CancellationToken cancellationToken)
    {
        if (!DateRange.TryRead(from, to, MaxExportDays, out var first, out var last))
        {
            return Problems.Invalid($"An export needs from and to dates (e.g. from=2026-09-01&to=2026-12-18), from not after to, at most {MaxExportDays} days.", "from", "to");
        }

        var lines = await register.Read(school.Id, first, last, cancellationToken);
        return TypedResults.Stream(body => LegalRegisterCsv.Write(body, lines), Csv, $"attendance-register-{school.Id}-{first:yyyy-MM-dd}-to-{last:yyyy-MM-dd}.csv");
    }

    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> ExportDfeAttendance(
        DateOnly? from, DateOnly? to, KnownSchool school, ClaimsPrincipal user, ReturnsService returns,
        [FromKeyedServices(SchoolClock.Key)] TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!DateRange.TryRead(from, to, MaxDfeDays, out var first, out var last))
        {
            return Problems.Invalid($"The extract needs from and to dates (e.g. from=2026-11-09&to=2026-11-13), from not after to, at most {MaxDfeDays} days.", "from", "to");
        }

        var settings = school.Settings;
        if (settings.Urn is null || settings.LaEstab is null)
        {
            return Problems.Invalid("The school's URN and LAESTAB are not set, and the DfE identifies schools by them. Set them in the school's settings (urn, laEstab) first.", "urn", "laEstab");
        }

        var staff = user.Staff();
        var extract = await returns.DfeAttendance(school, first, last, staff, clock.GetUtcNow(), cancellationToken);
        Log(loggers).LogInformation("DfE attendance extract of school {SchoolId} for {From} to {To} taken by {Staff} ({Role}): {Pupils} pupils", school.Id, first, last, staff.Name, staff.Position, extract.Pupils.Count);
        return TypedResults.Stream(body => DfeAttendanceCsv.Write(body, settings, extract), Csv, $"dfe-attendance-{settings.Urn}-{first:yyyy-MM-dd}-to-{last:yyyy-MM-dd}.csv");
    }

    public static async Task<Ok<IReadOnlyList<ExtractRecord>>> GetExtracts(KnownSchool school, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IExtractLogGrain>(school.Id).List());

    public static async Task<Results<Ok<LocalAuthorityReturn>, ProblemHttpResult>> GetLocalAuthorityLists(DateOnly? on, KnownSchool school, ReturnsService returns)
    {
        if (on is not { } day)
        {
            return NoDay();
        }

        return TypedResults.Ok(await returns.LocalAuthorityLists(school, day));
    }

    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> ExportLocalAuthorityLists(DateOnly? on, KnownSchool school, ReturnsService returns)
    {
        if (on is not { } day)
        {
            return NoDay();
        }

        var lists = await returns.LocalAuthorityLists(school, day);
        return TypedResults.Stream(body => LocalAuthorityCsv.WriteLists(body, lists), Csv, $"local-authority-returns-{school.Id}-{lists.On:yyyy-MM-dd}.csv");
    }

    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> ExportCensus(DateOnly? from, DateOnly? to, KnownSchool school, ReturnsService returns)
    {
        if (!DateRange.TryRead(from, to, MaxExportDays, out var first, out var last))
        {
            return Problems.Invalid("The census figures need the term's from and to dates (e.g. from=2026-09-03&to=2026-12-18), from not after to.", "from", "to");
        }

        var census = await returns.Census(school, first, last);
        return TypedResults.Stream(body => LocalAuthorityCsv.WriteCensus(body, census), Csv, $"census-attendance-{school.Id}-{first:yyyy-MM-dd}-to-{last:yyyy-MM-dd}.csv");
    }

    /// <summary>
    /// A leaving pupil's CTF, made by their transferred-attendance grain (which records the extract); the reading of
    /// their record is recorded here, once the file is made.
    /// </summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportCtf(
        string upn, string? destLea, string? destEstab, KnownSchool school, ClaimsPrincipal user, IGrainFactory grains, IPupilReads reads,
        [FromKeyedServices(SchoolClock.Key)] TimeProvider clock, ILoggerFactory loggers)
    {
        if (!CtfSchool.Numbered(destLea, destEstab))
        {
            return Problems.Invalid("Say which school the pupil is going to: destLea (the local authority's three-digit number) and destEstab (the school's four-digit establishment number), e.g. destLea=999&destEstab=2002.", "destLea", "destEstab");
        }

        var staff = user.Staff();
        var exported = await grains.GetGrain<ITransferredAttendanceGrain>(GrainKeys.Pupil(school.Id, upn)).ExportCtf(destLea, destEstab, staff, clock.GetUtcNow());
        if (exported is not { Value: { } file })
        {
            return exported.Rejection!.ToProblem();
        }

        await reads.Reading(user, school.Id, upn, PupilReadKind.CommonTransferFile, withContacts: false, clock);
        Log(loggers).LogInformation("CTF of pupil {Upn} of school {SchoolId} for {DestLea}{DestEstab} taken by {Staff} ({Role})", upn, school.Id, destLea, destEstab, staff.Name, staff.Position);
        return TypedResults.File(Encoding.UTF8.GetBytes(file.Xml), "application/xml", file.FileName);
    }

    /// <summary>A joining pupil's CTF, read safely (no DTD, no external entities) and kept on each pupil, all or nothing.</summary>
    public static async Task<Results<Ok<CtfImportResult>, ProblemHttpResult>> ImportCtf(
        KnownSchool school, HttpRequest request, ClaimsPrincipal user, ReturnsService returns,
        [FromKeyedServices(SchoolClock.Key)] TimeProvider clock, CancellationToken cancellationToken)
    {
        XDocument document;
        try
        {
            // No DTD and no external entities: a CTF has neither, and either could read files or the network.
            using var reader = XmlReader.Create(request.Body, new XmlReaderSettings
            {
                Async = true, DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxCtfCharacters,
            });
            document = await XDocument.LoadAsync(reader, LoadOptions.None, cancellationToken);
        }
        catch (XmlException ex)
        {
            return Rejection.NotImported(RejectionReason.CtfNotImported, [$"The file is not readable XML ({ex.Message}). Send the .xml file the previous school's system exported."]).ToProblem();
        }

        return (await returns.ImportCtf(school.Id, CtfDocument.Read(document, school.Settings.LaEstab), user.Staff().Name, clock.GetUtcNow())).ToResult();
    }

    public static async Task<Results<Ok<IReadOnlyList<TransferredYear>>, ProblemHttpResult>> GetPreviousAttendance(string schoolId, string upn, IGrainFactory grains)
    {
        if (await grains.GetPupil(schoolId, upn).GetDetails() is null)
        {
            return Refusals.UnknownPupil(schoolId, upn);
        }

        return TypedResults.Ok(await grains.GetGrain<ITransferredAttendanceGrain>(GrainKeys.Pupil(schoolId, upn)).List());
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportSubjectAccess(
        string upn, KnownSchool school, ClaimsPrincipal user, ReturnsService returns,
        [FromKeyedServices(SchoolClock.Key)] TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (await returns.SubjectAccess(school, upn, user.Staff(), now, cancellationToken) is not { } zip)
        {
            return Refusals.UnknownPupil(school.Id, upn);
        }

        return TypedResults.File(zip, "application/zip", $"subject-access-{school.Id}-{upn}-{now:yyyy-MM-dd}.zip");
    }

    private static ProblemHttpResult NoDay() => Problems.Invalid("Say which day the lists are for, e.g. on=2026-11-10.", "on");

    private static ILogger Log(ILoggerFactory loggers) => loggers.CreateLogger(typeof(ReturnsApi));
}
