using System.Security.Claims;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Server.Letters;
using Attendance.Grains.Schools;
using Attendance.Grains.Letters;
using Attendance.Server.Http;

namespace Attendance.Server.Api;

/// <summary>
/// Letters home and registration certificates: templates (the trust's, overridable per school), a letter for one
/// pupil or a batch for every pupil who reached an escalation stage this week, as PDF; each letter prepared is
/// recorded on the pupil (who, when, which template, by post or e-mail).
/// </summary>
public static class LetterEndpoints
{
    public sealed record TemplateBody(string? Name, string? Subject, string? Body, bool? EnclosesCertificate);

    /// <param name="Delivery">Post (the PDF is printed) or Email (also e-mailed to the priority contact, who needs an address).</param>
    public sealed record LetterRequest(string? Template, string? MeetingAt, string? MeetingWith, LetterDelivery? Delivery);

    /// <param name="Stage">The escalation stage, as the policy names it (e.g. "Letter 1"): every pupil who reached it this school week.</param>
    public sealed record BatchRequest(string? Template, string? Stage, string? MeetingAt, string? MeetingWith);

    public static RouteGroupBuilder MapLetters(this RouteGroupBuilder api)
    {
        var trust = api.MapGroup("/letters/templates").WithTags("Letters");
        trust.MapPut("/{key}", (string key, TemplateBody body, IGrainFactory grains) => SetTemplate(grains, ILetterTemplatesGrain.TrustKey, key, body))
            .RequireAccess(Capability.TrustPolicy).WithSummary("The trust's version of a letter template (every school without its own uses it)");

        var school = api.MapGroup("/schools/{schoolId}").WithTags("Letters");
        school.MapGet("/letters/templates", async (string schoolId, IGrainFactory grains) =>
            await SchoolEndpoints.IfUnknown(schoolId, grains) ?? Results.Ok(await Templates.InForce(grains, schoolId)))
            .RequireAccess(Capability.FollowUp).WithSummary("The letter templates in force at the school, each with where it comes from (school, trust, built in)");
        school.MapPut("/letters/templates/{key}", async (string schoolId, string key, TemplateBody body, IGrainFactory grains) =>
            await SchoolEndpoints.IfUnknown(schoolId, grains) ?? await SetTemplate(grains, schoolId, key, body))
            .RequireAccess(Capability.SchoolPolicy).WithSummary("The school's own version of a letter template");
        school.MapDelete("/letters/templates/{key}", async (string schoolId, string key, IGrainFactory grains) =>
            await SchoolEndpoints.IfUnknown(schoolId, grains)
            ?? (await grains.GetGrain<ILetterTemplatesGrain>(schoolId).Remove(key) ? Results.NoContent() : Problems.NotFound(RejectionReason.UnknownRequest, $"The school has no template '{key}' of its own.")))
            .RequireAccess(Capability.SchoolPolicy).WithSummary("Back to the trust's (or the built-in) template");

        school.MapGet("/letters", async (string schoolId, string? upn, IGrainFactory grains) =>
            await SchoolEndpoints.IfUnknown(schoolId, grains) ?? Results.Ok(await grains.GetGrain<ILetterBookGrain>(schoolId).List(upn)))
            .RequireAccess(Capability.FollowUp).WithSummary("Letters prepared, newest first: pupil, template, who, when, by post or e-mail");

        school.MapPost("/pupils/{upn}/letters", PupilLetter)
            .RequireAccess(Capability.FollowUp).WithSummary("A letter for one pupil as PDF (with the registration certificate where the template encloses it), recorded on the pupil; by e-mail also sent to the priority contact");

        school.MapPost("/letters/batch", Batch)
            .RequireAccess(Capability.FollowUp).WithSummary("One PDF with a letter for every pupil who reached an escalation stage this school week, each recorded on the pupil");

        school.MapGet("/pupils/{upn}/certificate.pdf", async (string schoolId, string upn, IGrainFactory grains, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock) =>
        {
            if (await Context(grains, clock, schoolId, upn) is not { } context)
            {
                return PupilEndpoints.UnknownPupil(schoolId, upn);
            }

            var printer = new LetterPrinter(grains, schoolId, context.Settings, context.Today);
            await printer.Certificate(upn);
            return Results.File(printer.Build(), "application/pdf", $"certificate-{upn}.pdf");
        }).RequireAccess(Capability.ViewPupil).WithSummary("The pupil's registration certificate as PDF: the year so far, session by session, with the totals");

        return api;
    }

    private static async Task<IResult> SetTemplate(IGrainFactory grains, string owner, string key, TemplateBody body) =>
        (await grains.GetGrain<ILetterTemplatesGrain>(owner).Set(
            new LetterTemplate(key, body.Name ?? "", body.Subject ?? "", body.Body ?? "", body.EnclosesCertificate ?? false))).ToResult();

    private static async Task<IResult> PupilLetter(string schoolId, string upn, LetterRequest request, ClaimsPrincipal user, IGrainFactory grains,
        [FromKeyedServices(SchoolClock.Key)] TimeProvider clock)
    {
        if (await Context(grains, clock, schoolId, upn) is not { } context)
        {
            return PupilEndpoints.UnknownPupil(schoolId, upn);
        }

        if (await Template(grains, schoolId, request.Template) is not { } template)
        {
            return UnknownTemplate(request.Template);
        }

        var delivery = request.Delivery ?? LetterDelivery.Post;
        var email = context.Pupil.Contacts.FirstOrDefault()?.Email;
        if (delivery == LetterDelivery.Email && string.IsNullOrWhiteSpace(email))
        {
            return Problems.From(new Rejection(RejectionReason.InvalidRequest,
                $"{context.Pupil.DisplayName}'s priority contact has no e-mail address: send the letter by post, or add the address to the roster.", ["delivery"]));
        }

        var staff = user.Staff();
        var printer = new LetterPrinter(grains, schoolId, context.Settings, context.Today);
        var fields = await printer.Letter(upn, template, new LetterPrinter.Options(request.MeetingAt, request.MeetingWith, staff));
        var pdf = printer.Build();
        var letter = new SentLetter(RecordIds.New("letter"), upn, context.Pupil.DisplayName, template.Key, template.Name, staff, clock.GetUtcNow(),
            delivery, delivery == LetterDelivery.Email ? email : null);
        await grains.GetGrain<ILetterBookGrain>(schoolId).Record([letter]);
        if (delivery == LetterDelivery.Email)
        {
            await grains.GetGrain<IMessageOutboxGrain>(schoolId).Queue([new OutgoingMessage(letter.Id, schoolId, MessageKind.Letter, MessageChannel.Email,
                email!.Trim(), context.Pupil.Contacts[0].Name, upn, Liquid.Render(template.Subject, fields),
                $"Dear {context.Pupil.Contacts[0].Name}, please find attached a letter from {context.Settings.Name} about {context.Pupil.DisplayName}.",
                [new MessageAttachment($"{template.Key}-{upn}.pdf", "application/pdf", pdf)])]);
        }

        return Results.File(pdf, "application/pdf", $"{template.Key}-{upn}.pdf");
    }

    private static async Task<IResult> Batch(string schoolId, BatchRequest request, ClaimsPrincipal user, IGrainFactory grains,
        [FromKeyedServices(SchoolClock.Key)] TimeProvider clock)
    {
        var school = grains.GetGrain<ISchoolGrain>(schoolId);
        if (await school.GetSettings() is not { } settings)
        {
            return SchoolEndpoints.UnknownSchool(schoolId);
        }

        if (await Template(grains, schoolId, request.Template) is not { } template)
        {
            return UnknownTemplate(request.Template);
        }

        if (string.IsNullOrWhiteSpace(request.Stage))
        {
            return Problems.Invalid("Name the escalation stage (e.g. \"Letter 1\"): every pupil who reached it this school week gets the letter.", "stage");
        }

        var today = DateOnly.FromDateTime(settings.LocalTime(clock.GetUtcNow()));
        var monday = settings.InstantOf(today.AddDays(-(((int)today.DayOfWeek + 6) % 7)).ToDateTime(TimeOnly.MinValue));
        var alerts = await grains.GetGrain<IAlertInboxGrain>(schoolId).List(new AlertQuery(IncludeClosed: true, Kind: CrossingKind.Escalation, Limit: 1000));
        var pupils = alerts.Where(a => a.Upn is not null && a.RaisedAt >= monday && string.Equals(a.To, request.Stage.Trim(), StringComparison.OrdinalIgnoreCase))
            .Select(a => a.Upn!).Distinct().Order(StringComparer.Ordinal).ToList();
        if (pupils.Count == 0)
        {
            return Problems.From(new Rejection(RejectionReason.InvalidRequest, $"No pupil reached the stage '{request.Stage}' since Monday {monday:d MMMM}: there is no letter to prepare.", ["stage"]));
        }

        var staff = user.Staff();
        var printer = new LetterPrinter(grains, schoolId, settings, today);
        var letters = new List<SentLetter>();
        foreach (var upn in pupils)
        {
            await printer.Letter(upn, template, new LetterPrinter.Options(request.MeetingAt, request.MeetingWith, staff));
            var name = alerts.First(a => a.Upn == upn).PupilName ?? upn;
            letters.Add(new SentLetter(RecordIds.New("letter"), upn, name, template.Key, template.Name, staff, clock.GetUtcNow(), LetterDelivery.Post, null));
        }

        await grains.GetGrain<ILetterBookGrain>(schoolId).Record(letters);
        return Results.File(printer.Build(), "application/pdf", $"{template.Key}-{today:yyyy-MM-dd}.pdf");
    }

    private sealed record PupilContext(SchoolSettings Settings, PupilDetails Pupil, DateOnly Today);

    private static async Task<PupilContext?> Context(IGrainFactory grains, TimeProvider clock, string schoolId, string upn) =>
        await grains.GetGrain<ISchoolGrain>(schoolId).GetSettings() is { } settings && await grains.GetPupil(schoolId, upn).GetDetails() is { } pupil
            ? new PupilContext(settings, pupil, DateOnly.FromDateTime(settings.LocalTime(clock.GetUtcNow())))
            : null;

    private static async Task<LetterTemplate?> Template(IGrainFactory grains, string schoolId, string? key) =>
        (await Templates.InForce(grains, schoolId)).FirstOrDefault(t => t.Template.Key == key)?.Template;

    private static IResult UnknownTemplate(string? key) =>
        Problems.NotFound(RejectionReason.UnknownRequest, $"There is no letter template '{key}'. The built-in ones are {string.Join(", ", Templates.BuiltIn.Select(t => t.Key))}.");
}
