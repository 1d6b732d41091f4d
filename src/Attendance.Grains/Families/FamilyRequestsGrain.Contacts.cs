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

        if (!pupil!.Contacts.Any(c => c.HasEmail(change.By.Email)))
        {
            return new Rejection(RejectionReason.NotYourChild, $"Your e-mail address is not one of {pupil!.DisplayName}'s contacts at this school: ask the school office.");
        }

        var (phone, email) = (Trimmed(change.Phone), Trimmed(change.Email));
        var problem = (phone, email) switch
        {
            (null, null) => new Rejection(RejectionReason.InvalidRequest, "Give a new phone number, a new e-mail address, or both.", ["phone", "email"]),
            ({ } p, _) when p.Count(char.IsAsciiDigit) is < FewestDigits or > MostDigits || p.Any(c => !char.IsAsciiDigit(c) && c is not (' ' or '+' or '(' or ')' or '-')) =>
                new Rejection(RejectionReason.InvalidRequest, $"'{p}' is not a phone number: give {FewestDigits} to {MostDigits} digits (e.g. 07700 900123).", ["phone"]),
            (_, { } e) when !MailAddress.TryCreate(e, out var address) || address.Address != e =>
                new Rejection(RejectionReason.InvalidRequest, $"'{e}' is not an e-mail address (just the address, e.g. jo.smith@example.org).", ["email"]),
            (_, { } e) when pupil.Contacts.Any(c => c.HasEmail(e)) =>
                new Rejection(RejectionReason.InvalidRequest, $"{e} is already one of {pupil.DisplayName}'s contacts' addresses: give your own.", ["email"]),
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

        // The school's roster changes that one contact; the pupil and the parents' accounts follow.
        if (answer.Approve && await School.ChangeContact(change.Upn, change.RequestedBy.Email, change.Phone, change.Email) is null)
        {
            return new Rejection(RejectionReason.InvalidRequest,
                $"{change.RequestedBy.Name} is no longer one of {change.PupilName}'s contacts with {change.RequestedBy.Email} (the roster changed since): refuse it, or change the MIS and import the roster.", ["approve"]);
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
}
