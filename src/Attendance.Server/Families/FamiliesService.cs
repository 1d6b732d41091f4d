using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Schools;
using Attendance.Server.Access;
using Attendance.Server.Screens;

namespace Attendance.Server.Families;

/// <summary>
/// A parent's page, assembled from the grains of every school of the trust that holds their e-mail address: each
/// child's figures and requests, and the messages the schools sent them.
/// </summary>
public sealed class FamiliesService(IGrainFactory grains, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock)
{
    /// <summary>The parent's children and messages, or null when another sign-in account already uses their e-mail address.</summary>
    public async Task<FamilyView?> ViewOf(ParentUser parent)
    {
        if (await grains.GetParent(parent.Email).ChildrenOf(parent.Subject!) is not { } children)
        {
            return null;
        }

        var views = await Task.WhenAll(children.Select(c => Child(c, parent)));
        var messages = await Task.WhenAll(children.Select(c => c.SchoolId).Distinct().Select(s => grains.GetGrain<IMessageOutboxGrain>(s).List(to: parent.Email)));
        return new FamilyView(parent.Name, parent.Email, [.. views.OfType<ChildView>()],
            [.. messages.SelectMany(m => m).Where(Received).OrderByDescending(m => m.SentAt).Select(m => new MessageHome(m.SentAt!.Value, m.Message.Subject, m.Message.Body))]);
    }

    /// <summary>What the parent's page lists: each message that went (a notification is a copy of one, not listed again).</summary>
    private static bool Received(MessageRecord record) =>
        record.Status is MessageStatus.Sent or MessageStatus.Delivered && record.Message.Channel != MessageChannel.Push;

    /// <summary>One child for their parent: only this parent's own reports and requests (another parent of the child has theirs).</summary>
    private async Task<ChildView?> Child(ChildLink link, ParentUser parent)
    {
        var school = grains.GetGrain<ISchoolGrain>(link.SchoolId);
        if (await school.GetSettings() is not { } settings || await school.GetPolicy() is not { } inForce)
        {
            return null;
        }

        var today = DateOnly.FromDateTime(settings.LocalTime(clock.GetUtcNow()));
        var pupil = grains.GetPupil(link.SchoolId, link.Upn);
        if (await pupil.GetSummary(today, settings.Calendar.SchoolWeek(today)) is not { } summary)
        {
            return null;
        }

        var standing = PupilCalendar.Standing(inForce.Policy, await pupil.GetStanding(today));
        var requests = await grains.GetGrain<IFamilyRequestsGrain>(link.SchoolId).List(link.Upn);
        var className = (await school.GetClasses()).FirstOrDefault(c => c.Id == summary.Pupil.RegistrationGroup)?.Name ?? summary.Pupil.RegistrationGroup;

        // The last month's absences the school has no reason for yet, and this parent has not explained (another
        // parent's report is theirs to see, not this one's): the parent may.
        List<Session> month = [.. SessionRange.Days(today.AddDays(-AbsenceReport.MostDaysBack), today.AddDays(-1)).OpenSessions(settings.Calendar)];
        var codes = await pupil.GetCodes(month);
        List<AbsenceReport> reports = [.. requests.Reports.Where(r => Same(r.ReportedBy, parent))];
        var explained = reports.Where(r => r.Status != ReportStatus.Queried).ToList();
        List<Session> toExplain = [.. month.Where((s, i) => codes[i] == NationalCodes.ReasonNotYetEstablished.Code && !explained.Any(r => r.Sessions.Covers(s)))];
        return new ChildView(link.SchoolId, settings.Name, link.Upn, summary.Pupil.DisplayName, className, today,
            [.. new[] { SessionPart.AM, SessionPart.PM }.Select(part => new Session(today, part)).Where(settings.Calendar.IsOpen)
                .Select(s => new TodaysMark(s, summary.TodaysMarks.LastOrDefault(m => m.Session == s)?.Code))],
            summary.Attendance, standing.Band.Name, standing.Band.Colour, standing.Band.MinimumPercent, inForce.Policy.PercentagesFromSessions,
            reports, [.. requests.Leave.Where(l => Same(l.RequestedBy, parent))], toExplain,
            summary.Pupil.Contacts.FirstOrDefault(c => c.HasEmail(parent.Email)) is { } you
                ? new YourContact(you.Name, you.Relationship, you.Phone, you.Email)
                : null,
            [.. (requests.ContactChanges ?? []).Where(c => Same(c.RequestedBy, parent))]);
    }

    private static bool Same(Parent who, ParentUser parent) => string.Equals(who.Email, parent.Email, StringComparison.OrdinalIgnoreCase);
}
