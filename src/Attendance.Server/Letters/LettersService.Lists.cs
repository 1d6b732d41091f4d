using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Letters;
using Attendance.Server.Http;

namespace Attendance.Server.Letters;

/// <summary>
/// Letters and messages to a list the office builds: those who reached an escalation stage this school week, a band,
/// a class, a year group, a local authority's list (persistently or severely absent, at the penalty-notice threshold,
/// persistently late), or where these meet; or a list saved under a name. Previewed first; then letters in one PDF for
/// those who get them by post and by e-mail, where asked, for those whose priority contact has an address; or a
/// message by e-mail or text. Each is recorded on its pupil.
/// </summary>
public sealed partial class LettersService
{
    /// <summary>The merge fields a message to a list may use.</summary>
    public static readonly IReadOnlySet<string> MessageFields = new HashSet<string>(["PrefFirstName", "SchoolName", "ContactName"]);

    /// <summary>The longest message: four texts' worth, so a family is never sent a wall of text.</summary>
    public const int MaxMessage = 612;

    /// <summary>
    /// Who the list holds, how each would get a letter and how a message; refused for no criteria, an unknown band or
    /// saved list, or nobody.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<ListedPupil>>> List(KnownSchool school, BatchRequest request)
    {
        var named = await CriteriaOf(school.Id, request);
        if (named.Rejection is { } unknown)
        {
            return unknown;
        }

        var criteria = named.Value!;
        if (criteria.IsEmpty)
        {
            return new Rejection(RejectionReason.InvalidRequest,
                "Say who gets it: an escalation stage reached this week (stage, e.g. \"Letter 1\"), a band (band), a class (classId), a year group (yearGroup), a local authority's list (measure), or several of them; or a saved list (list).",
                ["stage", "band", "classId", "yearGroup", "measure", "list"]);
        }

        var schoolGrain = grains.GetGrain<ISchoolGrain>(school.Id);
        var policy = (await schoolGrain.GetPolicy())!.Policy;
        if (criteria.Band is { } band && !policy.Bands.Any(b => Same(b.Name, band)))
        {
            return new Rejection(RejectionReason.InvalidRequest, $"The school's policy has no band '{band}': its bands are {string.Join(", ", policy.Bands.Select(b => b.Name))}.", ["band"]);
        }

        var today = Today(school.Settings);
        IEnumerable<PupilListing> pupils = (await schoolGrain.GetPupils())
            .Where(p => string.IsNullOrWhiteSpace(criteria.ClassId) || Same(p.ClassId, criteria.ClassId))
            .Where(p => string.IsNullOrWhiteSpace(criteria.YearGroup) || Same(p.YearGroup, criteria.YearGroup));
        if (!string.IsNullOrWhiteSpace(criteria.Stage))
        {
            var reached = await ReachedThisWeek(school, criteria.Stage.Trim(), today);
            if (reached.Count == 0)
            {
                return new Rejection(RejectionReason.InvalidRequest,
                    $"No pupil reached the stage '{criteria.Stage.Trim()}' since Monday {SchoolCalendar.MondayOf(today):d MMMM}: there is nothing to send.", ["stage"]);
            }

            pupils = pupils.Where(p => reached.Contains(p.Upn));
        }

        var listed = await Task.WhenAll(pupils.Select(async p =>
        {
            var pupil = grains.GetPupil(school.Id, p.Upn);
            var standing = await pupil.GetStanding(today);
            var contact = (await pupil.GetDetails())?.Contacts.FirstOrDefault();
            var email = !string.IsNullOrWhiteSpace(contact?.Email);
            var delivery = request.ByEmail == true && email ? LetterDelivery.Email : LetterDelivery.Post;
            var message = email ? MessageChannel.Email : !string.IsNullOrWhiteSpace(contact?.Phone) ? MessageChannel.Sms : (MessageChannel?)null;
            return (Pupil: new ListedPupil(p.Upn, p.Name, p.ClassId, p.YearGroup, policy.Bands[standing.Band].Name, delivery, message), Standing: standing);
        }));
        List<ListedPupil> chosen = [.. listed
            .Where(p => criteria.Band is null || Same(p.Pupil.Band, criteria.Band))
            .Where(p => criteria.Measure is not { } measure || Meets(p.Standing, measure))
            .Select(p => p.Pupil)
            .OrderBy(p => p.ClassId, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal)];
        return chosen.Count == 0
            ? new Rejection(RejectionReason.InvalidRequest, "No pupil on roll matches all of that: there is nothing to send.", ["stage", "band", "classId", "yearGroup", "measure"])
            : chosen;
    }

    /// <summary>
    /// A message to the families on a list: by e-mail where the priority contact has an address, else by text to their
    /// phone; those with neither are named in the answer. Each message is kept with its pupil's messages home.
    /// </summary>
    public async Task<Outcome<MessagesSent>> Message(KnownSchool school, BatchRequest request)
    {
        var text = request.Message?.Trim() ?? "";
        var problem = text.Length is 0 or > MaxMessage ? $"Write the message in 1 to {MaxMessage} characters (four texts)." : Liquid.Problem(text, MessageFields) is { } wrong
            ? $"The message cannot be sent: {wrong} It may use {{{{ PrefFirstName }}}}, {{{{ SchoolName }}}} and {{{{ ContactName }}}}." : null;
        if (problem is not null)
        {
            return new Rejection(RejectionReason.InvalidRequest, problem, ["message"]);
        }

        var chosen = await List(school, request);
        if (chosen.Rejection is { } refused)
        {
            return refused;
        }

        var batch = RecordIds.New("list");
        var messages = new List<OutgoingMessage>();
        var sent = new HashSet<(MessageChannel, string, string)>();
        foreach (var listed in chosen.Value!.Where(p => p.MessageBy is not null))
        {
            var pupil = (await Pupil(school.Id, listed.Upn))!;
            var contact = pupil.Contacts[0];
            var fields = new Dictionary<string, string>
            {
                ["PrefFirstName"] = pupil.PreferredForename ?? pupil.LegalForename, ["SchoolName"] = school.Settings.Name, ["ContactName"] = contact.Name,
            };
            var to = listed.MessageBy == MessageChannel.Email ? contact.Email!.Trim() : contact.Phone!.Trim();
            var body = Liquid.Render(text, fields);

            // Brothers and sisters on one list share a parent: the same words to the same address go once.
            if (sent.Add((listed.MessageBy!.Value, to, body)))
            {
                messages.Add(new OutgoingMessage($"{batch}-{listed.Upn}", school.Id, MessageKind.ListMessage, listed.MessageBy.Value, to, contact.Name, listed.Upn,
                    $"A message from {school.Settings.Name}", body));
            }
        }

        if (messages.Count > 0)
        {
            await grains.GetGrain<IMessageOutboxGrain>(school.Id).Queue(messages);
        }

        return new MessagesSent(messages.Count(m => m.Channel == MessageChannel.Sms), messages.Count(m => m.Channel == MessageChannel.Email),
            [.. chosen.Value!.Where(p => p.MessageBy is null).Select(p => p.Name)]);
    }

    /// <summary>The criteria a request names: a saved list's, or its own.</summary>
    private async Task<Outcome<ListCriteria>> CriteriaOf(string schoolId, BatchRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.List))
        {
            return request.Criteria;
        }

        return (await grains.GetGrain<ISavedListsGrain>(schoolId).List()).FirstOrDefault(l => Same(l.Name, request.List)) is { } saved
            ? saved.Criteria
            : new Rejection(RejectionReason.UnknownSavedList, $"The school has no saved list '{request.List.Trim()}'.", ["list"]);
    }

    private static bool Meets(PupilStanding standing, AbsenceMeasure measure) => measure switch
    {
        AbsenceMeasure.PersistentlyAbsent => standing.PersistentAbsence,
        AbsenceMeasure.SeverelyAbsent => standing.SevereAbsence,
        AbsenceMeasure.PenaltyNoticeThreshold => standing.PenaltyNoticeThreshold,
        _ => standing.PersistentLateness,
    };

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
