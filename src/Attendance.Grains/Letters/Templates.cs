using Attendance.Grains.Abstractions;

namespace Attendance.Grains.Letters;

/// <summary>
/// The letters of seed 004 (appendix 8) as built-in templates, written in our own words with the same content, and
/// the rules every template follows. Merge fields: <c>ParentName</c>, <c>PrefFirstName</c>, <c>PrefLastName</c>,
/// <c>FirstName</c>, <c>LastName</c>, <c>ClassName</c>, <c>HisHer</c>, <c>HeShe</c>, <c>SessionsMissed</c>,
/// <c>PossibleSessions</c>, <c>AttendancePercent</c>, <c>UnexplainedSessions</c>, <c>MeetingAt</c>,
/// <c>MeetingWith</c>, <c>SchoolName</c>, <c>Date</c>, <c>SignedBy</c>.
/// </summary>
public static class Templates
{
    public static IReadOnlyList<LetterTemplate> BuiltIn { get; } =
    [
        new("letter-1", "Letter 1: attendance below the target", "Attendance of {{ PrefFirstName }} {{ PrefLastName }}", """
            Dear {{ ParentName }},

            Re: attendance of {{ PrefFirstName }} {{ PrefLastName }} (legal name {{ FirstName }} {{ LastName }}), {{ ClassName }}

            We check the registers regularly, and we are writing because your child's attendance is now below the school's target. So far this school year {{ PrefFirstName }} has missed {{ SessionsMissed }} sessions (a school day is two sessions): attendance is {{ AttendancePercent }}%.

            Absences often have good reasons, illness among them. We write so that you know, and so that you know we can help if getting {{ PrefFirstName }} to school is difficult. Coming to school regularly is how children keep up with their learning, and it builds their confidence.

            We will keep a close eye on attendance over the coming month and hope to see it improve. We may talk with {{ PrefFirstName }} in school if we think it would help.

            If you would like to talk about this letter, or about anything that makes attendance hard, please contact the class teacher or the school office.

            Yours sincerely,

            {{ SignedBy }}
            {{ SchoolName }}
            """),
        new("letter-2", "Letter 2: attendance support meeting", "Attendance support meeting for {{ PrefFirstName }} {{ PrefLastName }}", """
            Dear {{ ParentName }},

            Re: attendance support meeting for {{ PrefFirstName }} {{ PrefLastName }} (legal name {{ FirstName }} {{ LastName }}), {{ ClassName }}

            As you know, we have been watching {{ PrefFirstName }}'s attendance closely. {{ PrefFirstName }} has now missed {{ SessionsMissed }} sessions this school year (attendance {{ AttendancePercent }}%), which is below what we expect.

            Because {{ PrefFirstName }} has missed so much learning, we have arranged a meeting to talk about the reasons for {{ HisHer }} absence and how we can work together to improve {{ HisHer }} attendance. {{ PrefFirstName }}'s registration certificate is enclosed and we will look at it together. If you cannot come, please contact the school office to arrange another time.

            The meeting is on {{ MeetingAt }}, with {{ MeetingWith }}.

            Whether an absence is authorised is the headteacher's decision, made on the reason you give. Given {{ PrefFirstName }}'s attendance, from now on we will need evidence for any absence (an appointment card, a prescription or a letter from the hospital) before we can decide whether to authorise it.

            After the meeting we will keep a close eye on {{ PrefFirstName }}'s attendance. If it does not improve, the next steps may include a penalty notice or a referral to the local authority's attendance service.

            Yours sincerely,

            {{ SignedBy }}
            {{ SchoolName }}

            Enclosed: registration certificate
            """, EnclosesCertificate: true),
        new("letter-3", "Letter 3: attendance panel", "Attendance panel for {{ PrefFirstName }} {{ PrefLastName }}", """
            Dear {{ ParentName }},

            Re: school attendance panel for {{ PrefFirstName }} {{ PrefLastName }} (legal name {{ FirstName }} {{ LastName }}), {{ ClassName }}

            We have continued to watch {{ PrefFirstName }}'s attendance closely. {{ PrefFirstName }} has now missed {{ SessionsMissed }} sessions this school year (attendance {{ AttendancePercent }}%), which is below what we expect.

            {{ PrefFirstName }}'s attendance has not improved, and {{ HeShe }} is still missing a great deal of learning, which will affect {{ HisHer }} progress. We are therefore inviting you to a formal school attendance panel about {{ PrefFirstName }}'s attendance. The registration certificate is enclosed and will be part of the discussion. If you cannot come, please contact the school office to arrange another time.

            The panel meets on {{ MeetingAt }}, with {{ MeetingWith }}.

            After the panel we will keep watching {{ PrefFirstName }}'s attendance. If it does not improve, further action may follow, including a penalty notice or a referral to the local authority.

            Whether an absence is authorised remains the headteacher's decision, made on the reason you give, and we still need evidence (an appointment card, a prescription or a letter from the hospital) for any absence.

            Please be aware that under section 444 of the Education Act 1996 a parent commits a criminal offence if their child, registered at a school, fails to attend regularly. A magistrates' court can impose a fine of up to £2,500, up to three months' imprisonment, or both, and a conviction gives a criminal record.

            Yours sincerely,

            {{ SignedBy }}
            {{ SchoolName }}

            Enclosed: registration certificate
            """, EnclosesCertificate: true),
        new("unexplained-absence", "Unexplained absence", "Absence of {{ PrefFirstName }} {{ PrefLastName }} without a reason", """
            Dear {{ ParentName }},

            Re: unexplained absence of {{ PrefFirstName }} {{ PrefLastName }}, {{ ClassName }}

            Our register shows that {{ PrefFirstName }} was absent on the sessions listed below, and we have not yet had a reason from you.

            The law requires schools to record why a child is absent. Please give the reason for each absence on the reply slip and return it to the school office, or tell us by phone, by e-mail or on the parent page.

            If you would like to talk about {{ PrefFirstName }}'s absence, please come in and speak to the class teacher or the school office.

            Yours sincerely,

            {{ SignedBy }}
            {{ SchoolName }}

            Reply slip: {{ PrefFirstName }} {{ PrefLastName }} ({{ ClassName }})

            Sessions absent without a reason:
            {{ UnexplainedSessions }}

            The absences were because: ...................................................

            Signed: ............................  Date: ..............
            """),
    ];

    /// <summary>The problems with a template: a key, a name and text, and wording that parses.</summary>
    public static IEnumerable<string> Check(LetterTemplate template)
    {
        if (string.IsNullOrWhiteSpace(template.Key) || template.Key.Length > 40 || !template.Key.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            yield return $"The template key '{template.Key}' must be up to 40 letters, digits or hyphens (e.g. letter-1).";
        }

        if (string.IsNullOrWhiteSpace(template.Name) || string.IsNullOrWhiteSpace(template.Subject) || string.IsNullOrWhiteSpace(template.Body))
        {
            yield return "A letter template needs a name, a subject and a body.";
            yield break;
        }

        foreach (var (part, text) in new[] { ("subject", template.Subject), ("body", template.Body) })
        {
            if (Liquid.Problem(text, LetterTemplate.MergeFields) is { } problem)
            {
                yield return $"The {part} is not a valid template: {problem}";
            }
        }
    }

    /// <summary>The templates in force at a school: its own, else the trust's, else the built-in one, by key.</summary>
    public static async Task<IReadOnlyList<TemplateInForce>> InForce(IGrainFactory grains, string schoolId)
    {
        var trust = await grains.GetGrain<ILetterTemplatesGrain>(ILetterTemplatesGrain.TrustKey).GetOwn();
        var school = await grains.GetGrain<ILetterTemplatesGrain>(schoolId).GetOwn();
        var all = BuiltIn.ToDictionary(t => t.Key, t => new TemplateInForce(t, TemplateSource.BuiltIn));
        foreach (var t in trust)
        {
            all[t.Key] = new TemplateInForce(t, TemplateSource.Trust);
        }

        foreach (var t in school)
        {
            all[t.Key] = new TemplateInForce(t, TemplateSource.School);
        }

        return [.. all.Values.OrderBy(t => t.Template.Key, StringComparer.Ordinal)];
    }
}
