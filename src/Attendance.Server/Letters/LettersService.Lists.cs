using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Http;

namespace Attendance.Server.Letters;

/// <summary>
/// Letters to a list the office builds: those who reached an escalation stage this school week, a band, a class, a
/// year group, or where these meet. Previewed first; then one PDF for those who get it by post, and by e-mail, where
/// asked, for those whose priority contact has an address. Each letter is recorded on its pupil.
/// </summary>
public sealed partial class LettersService
{
    /// <summary>Who the list holds, and how each would get the letter; refused for no criteria, an unknown band, or nobody.</summary>
    public async Task<Outcome<IReadOnlyList<ListedPupil>>> List(KnownSchool school, BatchRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Stage) && string.IsNullOrWhiteSpace(request.Band) && string.IsNullOrWhiteSpace(request.ClassId) && string.IsNullOrWhiteSpace(request.YearGroup))
        {
            return new Rejection(RejectionReason.InvalidRequest,
                "Say who gets the letter: an escalation stage reached this week (stage, e.g. \"Letter 1\"), a band (band), a class (classId) or a year group (yearGroup), or several of them.", ["stage", "band", "classId", "yearGroup"]);
        }

        var schoolGrain = grains.GetGrain<ISchoolGrain>(school.Id);
        var policy = (await schoolGrain.GetPolicy())!.Policy;
        if (request.Band is { } band && !policy.Bands.Any(b => Same(b.Name, band)))
        {
            return new Rejection(RejectionReason.InvalidRequest, $"The school's policy has no band '{band}': its bands are {string.Join(", ", policy.Bands.Select(b => b.Name))}.", ["band"]);
        }

        var today = Today(school.Settings);
        IEnumerable<PupilListing> pupils = (await schoolGrain.GetPupils())
            .Where(p => string.IsNullOrWhiteSpace(request.ClassId) || Same(p.ClassId, request.ClassId))
            .Where(p => string.IsNullOrWhiteSpace(request.YearGroup) || Same(p.YearGroup, request.YearGroup));
        if (!string.IsNullOrWhiteSpace(request.Stage))
        {
            var reached = await ReachedThisWeek(school, request.Stage.Trim(), today);
            if (reached.Count == 0)
            {
                return new Rejection(RejectionReason.InvalidRequest,
                    $"No pupil reached the stage '{request.Stage.Trim()}' since Monday {SchoolCalendar.MondayOf(today):d MMMM}: there is no letter to prepare.", ["stage"]);
            }

            pupils = pupils.Where(p => reached.Contains(p.Upn));
        }

        var listed = await Task.WhenAll(pupils.Select(async p =>
        {
            var pupil = grains.GetPupil(school.Id, p.Upn);
            var standing = await pupil.GetStanding(today);
            var email = (await pupil.GetDetails())?.Contacts.FirstOrDefault()?.Email;
            var delivery = request.ByEmail == true && !string.IsNullOrWhiteSpace(email) ? LetterDelivery.Email : LetterDelivery.Post;
            return new ListedPupil(p.Upn, p.Name, p.ClassId, p.YearGroup, policy.Bands[standing.Band].Name, delivery);
        }));
        List<ListedPupil> chosen = [.. listed.Where(p => request.Band is null || Same(p.Band, request.Band)).OrderBy(p => p.ClassId, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal)];
        return chosen.Count == 0
            ? new Rejection(RejectionReason.InvalidRequest, "No pupil on roll matches all of that: there is no letter to prepare.", ["stage", "band", "classId", "yearGroup"])
            : chosen;
    }

    /// <summary>The list's letters: e-mailed where asked and possible, the rest in one PDF (null when none goes by post).</summary>
    public async Task<Outcome<ListSent>> Batch(KnownSchool school, BatchRequest request, Staff staff)
    {
        if (await Template(school.Id, request.Template) is not { } template)
        {
            return UnknownTemplate(request.Template);
        }

        var chosen = await List(school, request);
        if (chosen.Rejection is { } refused)
        {
            return refused;
        }

        var list = chosen.Value!;
        var today = Today(school.Settings);
        var options = new LetterPrinter.Options(request.MeetingAt, request.MeetingWith, staff);
        var post = new LetterPrinter(grains, school.Id, school.Settings, today);
        var letters = new List<SentLetter>();
        var emails = new List<OutgoingMessage>();
        foreach (var listed in list)
        {
            var letter = new SentLetter(RecordIds.New("letter"), listed.Upn, listed.Name, template.Key, template.Name, staff, clock.GetUtcNow(), listed.Delivery, null);
            if (listed.Delivery == LetterDelivery.Post)
            {
                await post.Letter(listed.Upn, template, options);
                letters.Add(letter);
                continue;
            }

            // Each e-mailed letter is its own PDF, attached.
            var own = new LetterPrinter(grains, school.Id, school.Settings, today);
            var fields = await own.Letter(listed.Upn, template, options);
            var pupil = (await Pupil(school.Id, listed.Upn))!;
            letters.Add(letter with { To = pupil.Contacts[0].Email!.Trim() });
            emails.Add(Email(school, template, fields, pupil, letters[^1], own.Build()));
        }

        await grains.GetGrain<ILetterBookGrain>(school.Id).Record(letters);
        if (emails.Count > 0)
        {
            await grains.GetGrain<IMessageOutboxGrain>(school.Id).Queue(emails);
        }

        var printed = letters.Count - emails.Count;
        return new ListSent(printed > 0 ? new LetterPdf(post.Build(), $"{template.Key}-{today:yyyy-MM-dd}.pdf") : null, printed, emails.Count);
    }

    /// <summary>The pupils who reached an escalation stage since Monday of the school's week.</summary>
    private async Task<HashSet<string>> ReachedThisWeek(KnownSchool school, string stage, DateOnly today)
    {
        var monday = school.Settings.InstantOf(SchoolCalendar.MondayOf(today).ToDateTime(TimeOnly.MinValue));
        var alerts = await grains.GetGrain<IAlertInboxGrain>(school.Id).List(new AlertQuery(IncludeClosed: true, Kind: CrossingKind.Escalation, Limit: 1000));
        return [.. alerts.Where(a => a.Upn is not null && a.RaisedAt >= monday && Same(a.To, stage)).Select(a => a.Upn!)];
    }

    private static bool Same(string? a, string? b) => string.Equals(a?.Trim(), b?.Trim(), StringComparison.OrdinalIgnoreCase);
}
