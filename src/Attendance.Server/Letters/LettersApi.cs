using System.Security.Claims;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.Server.Letters;

/// <summary>
/// Letters home and registration certificates: templates (the trust's, overridable per school), a letter for one
/// pupil or a batch for every pupil who reached an escalation stage this week, as PDF; each letter prepared is
/// recorded on the pupil (who, when, which template, by post or e-mail).
/// </summary>
public static class LettersApi
{
    private const string Pdf = "application/pdf";

    public static IEndpointRouteBuilder MapLettersApi(this IEndpointRouteBuilder app)
    {
        var trust = app.MapGroup("/api/letters/templates").WithTags("Letters");
        trust.MapPut("/{key}", SetTrustTemplate)
            .RequireAccess(Capability.TrustPolicy).WithSummary("The trust's version of a letter template (every school without its own uses it)");

        var school = app.MapGroup("/api/schools/{schoolId}").WithTags("Letters").ForKnownSchool();
        school.MapGet("/letters/templates", GetTemplates)
            .RequireAccess(Capability.FollowUp).WithSummary("The letter templates in force at the school, each with where it comes from (school, trust, built in)");
        school.MapPut("/letters/templates/{key}", SetSchoolTemplate)
            .RequireAccess(Capability.SchoolPolicy).WithSummary("The school's own version of a letter template");
        school.MapDelete("/letters/templates/{key}", RemoveSchoolTemplate)
            .RequireAccess(Capability.SchoolPolicy).WithSummary("Back to the trust's (or the built-in) template");

        school.MapGet("/letters", GetLetters)
            .RequireAccess(Capability.FollowUp).WithSummary("Letters prepared, newest first: pupil, template, who, when, by post or e-mail");

        school.MapPost("/pupils/{upn}/letters", PrintPupilLetter)
            .RequireAccess(Capability.FollowUp).WithSummary("A letter for one pupil as PDF (with the registration certificate where the template encloses it), recorded on the pupil; by e-mail also sent to the priority contact");

        school.MapPost("/letters/batch/preview", PreviewBatch)
            .RequireAccess(Capability.FollowUp).WithSummary("Who a list holds (stage reached this week, band, class, year group: where they meet) and how each letter would go, before anything is prepared");

        school.MapPost("/letters/batch", PrintBatch)
            .RequireAccess(Capability.FollowUp).WithSummary("A letter for every pupil on a list, each recorded on the pupil: e-mailed where asked (byEmail) and the priority contact has an address, the rest in one PDF (204 when none is printed); X-Letters-Printed and X-Letters-Emailed say how many");

        school.MapPost("/messages/batch", MessageList)
            .RequireAccess(Capability.FollowUp).WithSummary("A message to the families on a list (the same criteria as letters, or a saved list): by e-mail where the priority contact has an address, else by text; each kept with the pupil's messages home. Answers how many of each and who could not be reached");

        school.MapGet("/letters/lists", GetSavedLists)
            .RequireAccess(Capability.FollowUp).WithSummary("The school's saved lists: a name and who it holds");
        school.MapPut("/letters/lists/{name}", SaveList)
            .RequireAccess(Capability.FollowUp).WithSummary("Save a list under a name (replacing one of the same name, any case): a stage, band, class, year group or local authority's measure");
        school.MapDelete("/letters/lists/{name}", RemoveList)
            .RequireAccess(Capability.FollowUp).WithSummary("Remove a saved list");

        school.MapGet("/pupils/{upn}/certificate.pdf", PrintCertificate)
            .RequireAccess(Capability.ViewPupil).WithSummary("The pupil's registration certificate as PDF: the year so far, session by session, with the totals");

        return app;
    }

    public static Task<Results<NoContent, ProblemHttpResult>> SetTrustTemplate(string key, TemplateBody body, IGrainFactory grains) =>
        SetTemplate(grains, ILetterTemplatesGrain.TrustKey, key, body);

    public static async Task<Ok<IReadOnlyList<TemplateInForce>>> GetTemplates(KnownSchool school, LettersService letters) =>
        TypedResults.Ok(await letters.TemplatesInForce(school.Id));

    public static Task<Results<NoContent, ProblemHttpResult>> SetSchoolTemplate(string key, TemplateBody body, KnownSchool school, IGrainFactory grains) =>
        SetTemplate(grains, school.Id, key, body);

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveSchoolTemplate(string key, KnownSchool school, IGrainFactory grains) =>
        await grains.GetGrain<ILetterTemplatesGrain>(school.Id).Remove(key)
            ? TypedResults.NoContent()
            : Problems.NotFound(RejectionReason.UnknownRequest, $"The school has no template '{key}' of its own.");

    public static async Task<Ok<IReadOnlyList<SentLetter>>> GetLetters(string? upn, KnownSchool school, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ILetterBookGrain>(school.Id).List(upn));

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PrintPupilLetter(
        string upn, LetterRequest request, KnownSchool school, ClaimsPrincipal user, LettersService letters)
    {
        if (await letters.Pupil(school.Id, upn) is not { } pupil)
        {
            return Refusals.UnknownPupil(school.Id, upn);
        }

        return (await letters.PupilLetter(school, upn, pupil, request, user.Staff())).ToResult(PdfFile);
    }

    public static async Task<Results<Ok<IReadOnlyList<ListedPupil>>, ProblemHttpResult>> PreviewBatch(BatchRequest request, KnownSchool school, LettersService letters) =>
        (await letters.List(school, request)).ToResult();

    public static async Task<Results<FileContentHttpResult, NoContent, ProblemHttpResult>> PrintBatch(
        BatchRequest request, KnownSchool school, ClaimsPrincipal user, HttpResponse response, LettersService letters)
    {
        var outcome = await letters.Batch(school, request, user.Staff());
        if (outcome.Rejection is { } refused)
        {
            return refused.ToProblem();
        }

        var sent = outcome.Value!;
        response.Headers["X-Letters-Printed"] = sent.Printed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["X-Letters-Emailed"] = sent.Emailed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return sent.Pdf is { } pdf ? PdfFile(pdf) : TypedResults.NoContent();
    }

    public static async Task<Results<Ok<MessagesSent>, ProblemHttpResult>> MessageList(BatchRequest request, KnownSchool school, LettersService letters) =>
        (await letters.Message(school, request)).ToResult();

    public static async Task<Ok<IReadOnlyList<SavedList>>> GetSavedLists(KnownSchool school, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ISavedListsGrain>(school.Id).List());

    public static async Task<Results<Ok<SavedList>, ProblemHttpResult>> SaveList(string name, SaveListBody body, KnownSchool school, ClaimsPrincipal user, IGrainFactory grains)
    {
        // A band is checked now, not first when the list is used (the policy names the bands).
        var bands = (await grains.GetGrain<ISchoolGrain>(school.Id).GetPolicy())!.Policy.Bands;
        if (body.Band is { } band && !bands.Any(b => string.Equals(b.Name, band.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            return Problems.Invalid($"The school's policy has no band '{band}': its bands are {string.Join(", ", bands.Select(b => b.Name))}.", "band");
        }

        return (await grains.GetGrain<ISavedListsGrain>(school.Id).Save(
            new SavedList(name, new ListCriteria(body.Stage, body.Band, body.ClassId, body.YearGroup, body.Measure), user.Staff(), default))).ToResult();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveList(string name, KnownSchool school, IGrainFactory grains) =>
        await grains.GetGrain<ISavedListsGrain>(school.Id).Remove(name)
            ? TypedResults.NoContent()
            : Problems.NotFound(RejectionReason.UnknownSavedList, $"The school has no saved list '{name}'.");

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PrintCertificate(string upn, KnownSchool school, LettersService letters) =>
        await letters.Certificate(school, upn) is { } certificate
            ? PdfFile(certificate)
            : Refusals.UnknownPupil(school.Id, upn);

    private static async Task<Results<NoContent, ProblemHttpResult>> SetTemplate(IGrainFactory grains, string owner, string key, TemplateBody body) =>
        (await grains.GetGrain<ILetterTemplatesGrain>(owner).Set(
            new LetterTemplate(key, body.Name ?? "", body.Subject ?? "", body.Body ?? "", body.EnclosesCertificate ?? false))).ToResult();

    private static FileContentHttpResult PdfFile(LetterPdf pdf) => TypedResults.File(pdf.Content, Pdf, pdf.FileName);
}
