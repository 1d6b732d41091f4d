using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Letters;
using Attendance.Grains.Schools;
using Attendance.Server.Http;

namespace Attendance.Server.Letters;

/// <summary>
/// Letters as several grains make them: the templates in force, the pupil's register (printed by
/// <see cref="LetterPrinter"/>), the letter book each letter is recorded in, the escalations that decide a batch, and
/// the outbox a letter by e-mail leaves through.
/// </summary>
public sealed partial class LettersService(IGrainFactory grains, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock)
{
    public Task<IReadOnlyList<TemplateInForce>> TemplatesInForce(string schoolId) => Templates.InForce(grains, schoolId);

    /// <summary>The pupil on roll, or null.</summary>
    public Task<PupilDetails?> Pupil(string schoolId, string upn) => grains.GetPupil(schoolId, upn).GetDetails();

    /// <summary>
    /// A letter for one pupil, recorded on the pupil; by e-mail also queued to the priority contact. Refused for a
    /// template that is not in force, or by e-mail to a contact without an address.
    /// </summary>
    public async Task<Outcome<LetterPdf>> PupilLetter(KnownSchool school, string upn, PupilDetails pupil, LetterRequest request, Staff staff)
    {
        var (schoolId, settings) = (school.Id, school.Settings);
        var today = Today(settings);
        if (await Template(schoolId, request.Template) is not { } template)
        {
            return UnknownTemplate(request.Template);
        }

        var delivery = request.Delivery ?? LetterDelivery.Post;
        var email = pupil.Contacts.FirstOrDefault()?.Email;
        if (delivery == LetterDelivery.Email && string.IsNullOrWhiteSpace(email))
        {
            return new Rejection(RejectionReason.InvalidRequest,
                $"{pupil.DisplayName}'s priority contact has no e-mail address: send the letter by post, or add the address to the roster.", ["delivery"]);
        }

        var printer = new LetterPrinter(grains, schoolId, settings, today);
        var fields = await printer.Letter(upn, template, new LetterPrinter.Options(request.MeetingAt, request.MeetingWith, staff));
        var pdf = printer.Build();
        var letter = new SentLetter(RecordIds.New("letter"), upn, pupil.DisplayName, template.Key, template.Name, staff, clock.GetUtcNow(),
            delivery, delivery == LetterDelivery.Email ? email : null);
        await grains.GetGrain<ILetterBookGrain>(schoolId).Record([letter]);
        if (delivery == LetterDelivery.Email)
        {
            await grains.GetGrain<IMessageOutboxGrain>(schoolId).Queue([Email(school, template, fields, pupil, letter, pdf)]);
        }

        return new LetterPdf(pdf, $"{template.Key}-{upn}.pdf");
    }

    /// <summary>The pupil's registration certificate: the year so far, session by session; null when no such pupil is on roll.</summary>
    public async Task<LetterPdf?> Certificate(KnownSchool school, string upn)
    {
        if (await Pupil(school.Id, upn) is null)
        {
            return null;
        }

        var printer = new LetterPrinter(grains, school.Id, school.Settings, Today(school.Settings));
        await printer.Certificate(upn);
        return new LetterPdf(printer.Build(), $"certificate-{upn}.pdf");
    }

    /// <summary>A letter by e-mail to the pupil's priority contact, the letter attached as PDF.</summary>
    private static OutgoingMessage Email(KnownSchool school, LetterTemplate template, IReadOnlyDictionary<string, string> fields, PupilDetails pupil, SentLetter letter, byte[] pdf) =>
        new(letter.Id, school.Id, MessageKind.Letter, MessageChannel.Email,
            pupil.Contacts[0].Email!.Trim(), pupil.Contacts[0].Name, pupil.Upn, Liquid.Render(template.Subject, fields),
            $"Dear {pupil.Contacts[0].Name}, please find attached a letter from {school.Settings.Name} about {pupil.DisplayName}.",
            [new MessageAttachment($"{template.Key}-{pupil.Upn}.pdf", "application/pdf", pdf)]);

    private DateOnly Today(SchoolSettings settings) => DateOnly.FromDateTime(settings.LocalTime(clock.GetUtcNow()));

    private async Task<LetterTemplate?> Template(string schoolId, string? key) =>
        (await Templates.InForce(grains, schoolId)).FirstOrDefault(t => t.Template.Key == key)?.Template;

    private static Rejection UnknownTemplate(string? key) => new(RejectionReason.UnknownRequest,
        $"There is no letter template '{key}'. The built-in ones are {string.Join(", ", Templates.BuiltIn.Select(t => t.Key))}.");
}
