using System.Globalization;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Schools;
using Attendance.Server.Http;
using Attendance.Server.Letters;

namespace Attendance.Server.Casework;

/// <summary>
/// The evidence pack a local authority asks for with a penalty-notice request, as one PDF: the case (the headteacher's
/// considerations and rationale, each step), the sessions concerned, the letters sent home, the plans and meetings, the
/// case log, then the registration certificate.
/// </summary>
public sealed class EvidencePack(IGrainFactory grains, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock)
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public sealed record Printed(string Upn, LetterPdf Pdf);

    /// <summary>The pack, or null when the school has no such case.</summary>
    public async Task<Printed?> Print(KnownSchool school, string caseId)
    {
        if (await grains.GetGrain<IPenaltyNoticesGrain>(school.Id).Get(caseId) is not { } penalty)
        {
            return null;
        }

        var work = await grains.GetGrain<ICaseworkGrain>(school.Id).List(penalty.Upn);
        var letters = await grains.GetGrain<ILetterBookGrain>(school.Id).List(penalty.Upn);
        var today = DateOnly.FromDateTime(school.Settings.LocalTime(clock.GetUtcNow()));
        var pages = new PdfPages();
        pages.NewPage();
        pages.RightAligned(school.Settings.Name);
        pages.RightAligned(Day(today));
        pages.Paragraph("Penalty notice: evidence pack for the local authority", size: 14, strong: true);
        pages.Paragraph($"Pupil {penalty.PupilName} (UPN {penalty.Upn}). Parent: {penalty.Parent}. Case {penalty.Id}, now at: {penalty.Current}." +
            (penalty.TermTimeLeave ? " The threshold was reached by leave in term time the school refused." : ""));

        pages.Paragraph("The headteacher's considerations (2024 national framework)", strong: true);
        foreach (var ((_, question), answer) in PenaltyConsiderations.Questions.Zip(penalty.Considerations.Answers()))
        {
            pages.Paragraph($"{question}\n{answer}", size: 10);
        }

        pages.Paragraph($"Rationale: {penalty.Rationale}", size: 10);
        Section(pages, "Steps", penalty.Steps.Select(s =>
            $"{Day(s.On)}: {s.Step}{(s.Reference is { Length: > 0 } r ? $" (reference {r})" : "")}{(s.Amount is { } a ? $", £{a:0.00}" : "")}, recorded by {s.By.Name} ({s.By.Position}). {s.Note}"));
        Section(pages, $"The sessions concerned: unauthorised absence in the rolling window ({penalty.SessionsConcerned.Count})", penalty.SessionsConcerned.Select(m =>
            $"{Day(m.Session.Date)} {m.Session.Part}: {m.Code} ({NationalCodes.Get(m.Code).Meaning}), recorded by {m.RecordedBy.Name}{(m.AmendmentReason is { } why ? $", amended: {why}" : "")}"));
        Section(pages, "Letters sent home", letters.Select(l => $"{Day(DateOnly.FromDateTime(l.At.UtcDateTime))}: {l.TemplateName}, by {l.Delivery.ToString().ToLowerInvariant()}{(l.To is { } to ? $" to {to}" : "")}, prepared by {l.By.Name}."));
        Section(pages, "Plans and meetings", work.Plans.Select(Plan));
        Section(pages, "Case log", work.Log.Select(e =>
            $"{Day(e.On)}: {e.Kind}{Detail(e)}. {e.Summary} ({e.RecordedBy.Name}){(e.Outcome is { } o ? $" Outcome {Day(o.On)}: {o.What}" : "")}"));

        await new LetterPrinter(grains, school.Id, school.Settings, today, pages).Certificate(penalty.Upn);
        return new Printed(penalty.Upn, new LetterPdf(pages.Build(), $"evidence-pack-{penalty.Upn}-{penalty.Id}.pdf"));
    }

    private static void Section(PdfPages pages, string title, IEnumerable<string> lines)
    {
        pages.Paragraph(title, strong: true);
        var any = false;
        foreach (var line in lines)
        {
            pages.Paragraph($"• {line}", size: 10);
            any = true;
        }

        if (!any)
        {
            pages.Paragraph("None recorded.", size: 10);
        }
    }

    private static string Plan(ActionPlan plan) =>
        $"{char.ToUpperInvariant(plan.Name[0])}{plan.Name[1..]} agreed {Day(plan.MeetingOn)} with {(plan.Attended.Count > 0 ? string.Join(", ", plan.Attended) : "no one recorded")}." +
        (plan.Target is { } target ? $" Target: {target}; weeks met {plan.Weeks?.Count(w => w.Met) ?? 0} of {plan.Weeks?.Count ?? 0}." : "") +
        (plan.Signatures is { Count: > 0 } signed ? $" Signed by {string.Join(", ", signed.Select(s => $"{s.Name} ({s.Role}, {Day(s.SignedOn)})"))}." : "") +
        (plan.ParentActions.Count > 0 ? $" Parents: {string.Join("; ", plan.ParentActions)}." : "") +
        string.Concat(plan.Reviews.Select(r => $" Review {Day(DateOnly.FromDateTime(r.At.UtcDateTime))}: {r.Outcome}, {r.Note}."));

    private static string Detail(CaseEntry entry) => (entry.Service?.ToString() ?? entry.Panel?.ToString() ?? entry.Tier?.ToString()) is { } detail ? $" ({detail})" : "";

    private static string Day(DateOnly day) => day.ToString("ddd d MMM yyyy", English);
}
