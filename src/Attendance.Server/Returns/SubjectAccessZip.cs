using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Attendance.Grains.Registers;

namespace Attendance.Server.Returns;

/// <summary>
/// A subject access export as the ZIP the office checks and sends: a README saying what each file is, each part as
/// JSON, the pupil's legal register lines as CSV and their registration certificate as PDF.
/// </summary>
public static class SubjectAccessZip
{
    /// <param name="parts">Each JSON file's name and what it holds, in the order they are added.</param>
    /// <param name="files">Files kept as they came (the evidence parents sent), each under its name in the ZIP.</param>
    public static async Task<byte[]> Build(
        string schoolName, string upn, string by, DateTimeOffset at, IReadOnlyDictionary<string, object> parts, JsonSerializerOptions json,
        IReadOnlyList<LegalRegisterLine> lines, byte[] certificate, IReadOnlyDictionary<string, byte[]> files)
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            await Add(archive, "README.txt", Encoding.UTF8.GetBytes(Readme(schoolName, upn, by, at)));
            foreach (var (name, part) in parts)
            {
                await Add(archive, name, JsonSerializer.SerializeToUtf8Bytes(part, json));
            }

            using var register = new MemoryStream();
            await LegalRegisterCsv.Write(register, lines);
            await Add(archive, "attendance-register.csv", register.ToArray());
            await Add(archive, "registration-certificate.pdf", certificate);
            foreach (var (name, content) in files)
            {
                await Add(archive, name, content);
            }
        }

        return zip.ToArray();
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
        casework.json                 the case log, plans and contracts, part-time timetables, penalty-notice cases
        letters.json                  letters prepared for the family
        parents-requests.json         absence reports and leave requests, and the school's decisions
        evidence/                     the files parents sent with their absence reports (appointment cards, letters)
        messages-home.json            messages sent (or not sent) to the family
        admission-register.json       the admission register's lines: admission and deletion
        previous-schools.json         attendance at previous schools, from their transfer files
        extracts.json                 statutory extracts the school took (each covers the pupils on roll that day)
        record-read-by.json           who read the pupil's record, when, and whether it showed the family's contacts

        Check it before sending: a record may name other people (staff, other family members).
        """;
}
