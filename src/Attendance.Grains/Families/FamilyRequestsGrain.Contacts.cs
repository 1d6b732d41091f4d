using System.Net.Mail;
using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Grains.Families;

/// <summary>A parent's own contact details changed, once the office has checked it is them.</summary>
public sealed partial class FamilyRequestsGrain
{
    // A UK or international number: digits, with spaces, brackets, dashes and a leading + allowed.
    private const int FewestDigits = 10, MostDigits = 15;

    public async Task<Outcome<ContactChange>> RequestContactChange(NewContactChange change)
    {
        var (pupil, _, refused) = await Who(change.Upn, change.By, "change of contact details");
        if (refused is not null)
        {
            return refused;
        }

        if (ContactOf(pupil!, change.By) is null)
        {
            return new Rejection(RejectionReason.NotYourChild, $"Your e-mail address is not one of {pupil!.DisplayName}'s contacts at this school: ask the school office.");
        }

        var (phone, email) = (Trimmed(change.Phone), Trimmed(change.Email));
        var problem = (phone, email) switch
        {
            (null, null) => new Rejection(RejectionReason.InvalidRequest, "Give a new phone number, a new e-mail address, or both.", ["phone", "email"]),
            ({ } p, _) when p.Count(char.IsDigit) is < FewestDigits or > MostDigits || p.Any(c => !char.IsDigit(c) && c is not (' ' or '+' or '(' or ')' or '-')) =>
                new Rejection(RejectionReason.InvalidRequest, $"'{p}' is not a phone number: give {FewestDigits} to {MostDigits} digits (e.g. 07700 900123).", ["phone"]),
            (_, { } e) when !MailAddress.TryCreate(e, out _) => new Rejection(RejectionReason.InvalidRequest, $"'{e}' is not an e-mail address.", ["email"]),
            _ => null,
        };
        if (problem is not null)
        {
            return problem;
        }

        var saved = new ContactChange(RecordIds.New("contact"), SchoolId, pupil!.Upn, pupil.DisplayName, change.By, clock.GetUtcNow(), phone, email,
            ContactChangeStatus.Requested, null);
        state.State.ContactChanges[saved.Id] = saved;
        await state.WriteStateAsync();
        await Changed(new FamilyRequestChange(SchoolId, null, null, saved));
        return saved;
    }

    public async Task<Outcome<ContactChange>> DecideContactChange(ContactChangeAnswer answer)
    {
        if (state.State.ContactChanges.GetValueOrDefault(answer.ChangeId) is not { } change)
        {
            return Unknown(answer.ChangeId);
        }

        if (change.Decision is { } earlier)
        {
            return AlreadyDecided(earlier, change.Status == ContactChangeStatus.Approved ? "approved" : "refused");
        }

        if ((Rejection.WithoutStaff(answer.By, "deciding on this change") ?? NoNote(answer.Note, "how you checked it was the parent (e.g. \"Phoned the number we hold\")")) is { } refused)
        {
            return refused;
        }

        if (answer.Approve)
        {
            // As a roster import of this one pupil: the school's roster, the pupil and the parents' accounts all follow.
            var pupil = await GrainFactory.GetPupil(SchoolId, change.Upn).GetDetails();
            if (pupil is null || ContactOf(pupil, change.RequestedBy) is not { } index)
            {
                return new Rejection(RejectionReason.InvalidRequest,
                    $"{change.RequestedBy.Name} is no longer one of {change.PupilName}'s contacts with {change.RequestedBy.Email} (the roster changed since): refuse it, or change the MIS and import the roster.", ["approve"]);
            }

            var contact = pupil.Contacts[index];
            var updated = pupil with { Contacts = [.. pupil.Contacts.Select((c, i) => i == index ? contact with { Phone = change.Phone ?? c.Phone, Email = change.Email ?? c.Email } : c)] };
            if ((await School.ImportRoster(new Roster([], [updated]), answer.By)).Rejection is { } notImported)
            {
                return notImported;
            }
        }

        var decided = change with
        {
            Status = answer.Approve ? ContactChangeStatus.Approved : ContactChangeStatus.Refused,
            Decision = new StaffDecision(answer.By, clock.GetUtcNow(), null, answer.Note.Trim()),
        };
        state.State.ContactChanges[decided.Id] = decided;
        await state.WriteStateAsync();
        await Changed(new FamilyRequestChange(SchoolId, null, null, decided));
        return decided;
    }

    /// <summary>Which of the pupil's contacts the parent is (by their sign-in address), or null.</summary>
    private static int? ContactOf(PupilDetails pupil, Parent parent)
    {
        var index = pupil.Contacts.ToList().FindIndex(c => string.Equals(c.Email?.Trim(), parent.Email, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? null : index;
    }
}
