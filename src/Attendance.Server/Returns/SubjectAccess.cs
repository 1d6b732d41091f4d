using System.IO.Compression;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Server.Api;
using Attendance.Server.Letters;
using Microsoft.Extensions.Options;
using Attendance.Grains.Registers;
using Attendance.Grains.Schools;

namespace Attendance.Server.Returns;

/// <summary>
/// A subject access request (UK GDPR article 15: a school answers within a month): everything the service holds about
/// one pupil, as a ZIP of JSON, CSV and PDF the office can check and send. It is recorded as an extract and as a
/// reading of the pupil's record.
/// </summary>
public static class SubjectAccess
{
    public static RouteGroupBuilder MapSubjectAccess(this RouteGroupBuilder api)
    {
        api.MapGet("/schools/{schoolId}/pupils/{upn}/subject-access.zip", Export)
            .RequireAccess(Capability.StatutoryExtract)
            .WithTags("Returns")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip")
            .WithSummary("Everything held about one pupil for a subject access request: details and contacts, every register line, alerts, follow-up, casework, letters, parents' requests, messages, the admission register, previous schools, extracts and who read their record; recorded");
        return api;
    }

    private static async Task<IResult> Export(
        string schoolId, string upn, ClaimsPrincipal user, IGrainFactory grains, IRegisterJournal journal, IPupilReads reads,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await grains.GetGrain<ISchoolGrain>(schoolId).GetSettings() is not { } settings)
        {
            return SchoolEndpoints.UnknownSchool(schoolId);
        }

        if (await grains.GetPupil(schoolId, upn).GetDetails() is not { } pupil)
        {
            return PupilEndpoints.UnknownPupil(schoolId, upn);
        }

        var now = clock.GetUtcNow();
        var staff = user.Staff();
        await reads.Reading(user, schoolId, upn, PupilReadKind.SubjectAccessExport, withContacts: true, clock);
        var lines = (await journal.Load(schoolId, upn, cancellationToken)).Lines;
        await grains.GetGrain<IExtractLogGrain>(schoolId).Record(new ExtractRecord(
            ExtractKind.SubjectAccessExport, lines.Count > 0 ? lines.Min(l => l.Session.Date) : DateOnly.FromDateTime(settings.LocalTime(now)),
            DateOnly.FromDateTime(settings.LocalTime(now)), 1, lines.Count, staff.Name, staff.Position, now));

        var certificate = new LetterPrinter(grains, schoolId, settings, DateOnly.FromDateTime(settings.LocalTime(now)));
        await certificate.Certificate(upn);
        var parts = new Dictionary<string, object>
        {
            ["pupil.json"] = pupil,
            ["alerts.json"] = await grains.GetGrain<IAlertInboxGrain>(schoolId).List(new AlertQuery(IncludeClosed: true, Upn: upn, Limit: int.MaxValue)),
            ["follow-up-tasks.json"] = await grains.GetGrain<IFollowUpGrain>(schoolId).List(new TaskQuery(IncludeClosed: true, Upn: upn, Limit: int.MaxValue)),
            ["casework.json"] = await grains.GetGrain<ICaseworkGrain>(schoolId).List(upn),
            ["letters.json"] = await grains.GetGrain<ILetterBookGrain>(schoolId).List(upn),
            ["parents-requests.json"] = await grains.GetGrain<IFamilyRequestsGrain>(schoolId).List(upn),
            ["messages-home.json"] = (await grains.GetGrain<IMessageOutboxGrain>(schoolId).List(upn)).Select(m => m with
            {
                Message = m.Message with { Attachments = null }, // the letters themselves are listed in letters.json
            }).ToList(),
            ["admission-register.json"] = await grains.GetGrain<IAdmissionRegisterGrain>(schoolId).List(upn),
            ["previous-schools.json"] = await grains.GetGrain<ITransferredAttendanceGrain>(GrainKeys.Pupil(schoolId, upn)).List(),
            ["extracts.json"] = await grains.GetGrain<IExtractLogGrain>(schoolId).List(),
            ["record-read-by.json"] = await reads.Of(schoolId, upn, cancellationToken),
        };

        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            await Add(archive, "README.txt", Encoding.UTF8.GetBytes(Readme(settings.Name, upn, staff.Name, now)));
            foreach (var (name, part) in parts)
            {
                await Add(archive, name, JsonSerializer.SerializeToUtf8Bytes(part, json.Value.SerializerOptions));
            }

            using var register = new MemoryStream();
            await LegalRegisterEndpoints.WriteCsv(register, lines);
            await Add(archive, "attendance-register.csv", register.ToArray());
            await Add(archive, "registration-certificate.pdf", certificate.Build());
        }

        return Results.File(zip.ToArray(), "application/zip", $"subject-access-{schoolId}-{upn}-{now:yyyy-MM-dd}.zip");
    }

    private static async Task Add(ZipArchive archive, string name, byte[] content)
    {
        await using var entry = await archive.CreateEntry(name, CompressionLevel.Optimal).OpenAsync();
        await entry.WriteAsync(content);
    }

    private static string Readme(string school, string upn, string by, DateTimeOffset at) => $"""
        Subject access export: pupil {upn}, {school}
        Made by {by} at {at:yyyy-MM-dd HH:mm} UTC. Everything Attendance.Orleans holds about the pupil:

        pupil.json                    details as the school's roster gave them: names, date of birth, class, needs,
                                      contacts, census characteristics
        attendance-register.csv       every line of the legal attendance register: each mark and amendment, who made
                                      it, in what role, when and why (amendments keep the original)
        registration-certificate.pdf  this school year, session by session
        alerts.json                   alerts raised when attendance crossed a threshold, with the decisions recorded
        follow-up-tasks.json          calls, home visits and other follow-up, with each call's outcome
        casework.json                 action plans, part-time timetables and their reviews
        letters.json                  letters prepared for the family
        parents-requests.json         absence reports and leave requests, and the school's decisions
        messages-home.json            messages sent (or not sent) to the family
        admission-register.json       the admission register's lines: admission and deletion
        previous-schools.json         attendance at previous schools, from their transfer files
        extracts.json                 statutory extracts the school took (each covers the pupils on roll that day)
        record-read-by.json           who read the pupil's record, when, and whether it showed the family's contacts

        Check it before sending: a record may name other people (staff, other family members).
        """;
}
