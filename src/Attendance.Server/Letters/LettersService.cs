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
public sealed class LettersService(IGrainFactory grains, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock)
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
            await grains.GetGrain<IMessageOutboxGrain>(schoolId).Queue([new OutgoingMessage(letter.Id, schoolId, MessageKind.Letter, MessageChannel.Email,
                email!.Trim(), pupil.Contacts[0].Name, upn, Liquid.Render(template.Subject, fields),
                $"Dear {pupil.Contacts[0].Name}, please find attached a letter from {settings.Name} about {pupil.DisplayName}.",
                [new MessageAttachment($"{template.Key}-{upn}.pdf", "application/pdf", pdf)])]);
        }

        return new LetterPdf(pdf, $"{template.Key}-{upn}.pdf");
    }

    /// <summary>
    /// One PDF with a letter for every pupil who reached the request's escalation stage this school week (since
    /// Monday), each recorded on the pupil. Refused for a template not in force, no stage, or no pupil at that stage.
    /// </summary>
    public async Task<Outcome<LetterPdf>> Batch(KnownSchool school, BatchRequest request, Staff staff)
    {
        var (schoolId, settings) = (school.Id, school.Settings);
        if (await Template(schoolId, request.Template) is not { } template)
        {
            return UnknownTemplate(request.Template);
        }

        if (string.IsNullOrWhiteSpace(request.Stage))
        {
            return new Rejection(RejectionReason.InvalidRequest,
                "Name the escalation stage (e.g. \"Letter 1\"): every pupil who reached it this school week gets the letter.", ["stage"]);
        }

        var today = Today(settings);
        var monday = settings.InstantOf(today.AddDays(-(((int)today.DayOfWeek + 6) % 7)).ToDateTime(TimeOnly.MinValue));
        var alerts = await grains.GetGrain<IAlertInboxGrain>(schoolId).List(new AlertQuery(IncludeClosed: true, Kind: CrossingKind.Escalation, Limit: 1000));
        var pupils = alerts.Where(a => a.Upn is not null && a.RaisedAt >= monday && string.Equals(a.To, request.Stage.Trim(), StringComparison.OrdinalIgnoreCase))
            .Select(a => a.Upn!).Distinct().Order(StringComparer.Ordinal).ToList();
        if (pupils.Count == 0)
        {
            return new Rejection(RejectionReason.InvalidRequest, $"No pupil reached the stage '{request.Stage}' since Monday {monday:d MMMM}: there is no letter to prepare.", ["stage"]);
        }

        var printer = new LetterPrinter(grains, schoolId, settings, today);
        var letters = new List<SentLetter>();
        foreach (var upn in pupils)
        {
            await printer.Letter(upn, template, new LetterPrinter.Options(request.MeetingAt, request.MeetingWith, staff));
            var name = alerts.First(a => a.Upn == upn).PupilName ?? upn;
            letters.Add(new SentLetter(RecordIds.New("letter"), upn, name, template.Key, template.Name, staff, clock.GetUtcNow(), LetterDelivery.Post, null));
        }

        await grains.GetGrain<ILetterBookGrain>(schoolId).Record(letters);
        return new LetterPdf(printer.Build(), $"{template.Key}-{today:yyyy-MM-dd}.pdf");
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

    private DateOnly Today(SchoolSettings settings) => DateOnly.FromDateTime(settings.LocalTime(clock.GetUtcNow()));

    private async Task<LetterTemplate?> Template(string schoolId, string? key) =>
        (await Templates.InForce(grains, schoolId)).FirstOrDefault(t => t.Template.Key == key)?.Template;

    private static Rejection UnknownTemplate(string? key) => new(RejectionReason.UnknownRequest,
        $"There is no letter template '{key}'. The built-in ones are {string.Join(", ", Templates.BuiltIn.Select(t => t.Key))}.");
}
