using System.Text.RegularExpressions;
using Attendance.Grains.Abstractions;

namespace Attendance.Grains.Schools;

/// <summary>Checks a roster import row by row, so the school's IT person can fix the file and import again.</summary>
public static partial class RosterValidation
{
    /// <summary>A UPN: a check letter, 11 digits, and a final digit (or letter for a temporary UPN).</summary>
    [GeneratedRegex("^[A-Z][0-9]{11}[0-9A-Z]$")]
    private static partial Regex UpnPattern();

    public static bool IsUpn(string? upn) => upn is not null && UpnPattern().IsMatch(upn);

    /// <summary>The DfE's ethnicity codes are four capital letters (main and extended lists, REFU, NOBT).</summary>
    [GeneratedRegex("^[A-Z]{4}$")]
    private static partial Regex EthnicityPattern();

    /// <summary>Values a JSON roster could carry that are not one of the census's (an undefined number for an enum).</summary>
    private static IEnumerable<string> Characteristics(PupilCharacteristics? characteristics)
    {
        if (characteristics is null)
        {
            yield break;
        }

        if (characteristics.Sex is { } sex && !Enum.IsDefined(sex))
        {
            yield return $"sex '{sex}' is not one the census records ({PupilCharacteristics.SexCodes}).";
        }

        if (characteristics.Ethnicity is { } ethnicity && !EthnicityPattern().IsMatch(ethnicity))
        {
            yield return $"ethnicity '{ethnicity}' is not a DfE ethnicity code (four capital letters, e.g. WBRI; REFU where the family declined).";
        }

        if (!Enum.IsDefined(characteristics.SenProvision))
        {
            yield return $"SEN provision '{characteristics.SenProvision}' is not N, K or E.";
        }

        if (!Enum.IsDefined(characteristics.SocialCare))
        {
            yield return $"social care status '{characteristics.SocialCare}' is not CIN, CPP or none.";
        }
    }

    public static IEnumerable<string> Validate(Roster roster, IReadOnlyCollection<string> existingClassIds, DateOnly today)
    {
        var classIds = new HashSet<string>(existingClassIds);
        foreach (var (group, row) in roster.Classes.Select((c, i) => (c, i + 1)))
        {
            if (string.IsNullOrWhiteSpace(group.Id) || string.IsNullOrWhiteSpace(group.Name))
            {
                yield return $"Class {row}: a class needs an id and a name.";
            }
            else if (group.Id.Contains('/'))
            {
                yield return $"Class {row}: the id '{group.Id}' must not contain '/'.";
            }
            else if (roster.Classes.Take(row - 1).Any(c => c.Id == group.Id))
            {
                yield return $"Class {row}: the id '{group.Id}' appears twice in this import.";
            }

            classIds.Add(group.Id ?? "");
        }

        var seen = new HashSet<string>();
        foreach (var (pupil, row) in roster.Pupils.Select((p, i) => (p, i + 1)))
        {
            var where = $"{roster.PupilRow(row)} ({pupil.Upn})";
            if (!IsUpn(pupil.Upn))
            {
                yield return $"{roster.PupilRow(row)}: '{pupil.Upn}' is not a UPN (a capital letter, 11 digits, then a digit or capital letter).";
            }
            else if (!seen.Add(pupil.Upn))
            {
                yield return $"{where}: this UPN appears twice in this import.";
            }

            if (string.IsNullOrWhiteSpace(pupil.LegalForename) || string.IsNullOrWhiteSpace(pupil.LegalSurname))
            {
                yield return $"{where}: legal forename and surname are required.";
            }

            if (pupil.DateOfBirth > today || pupil.DateOfBirth < today.AddYears(-25))
            {
                yield return $"{where}: the date of birth {pupil.DateOfBirth:yyyy-MM-dd} is not plausible for a pupil.";
            }

            if (string.IsNullOrWhiteSpace(pupil.YearGroup))
            {
                yield return $"{where}: the year group is required.";
            }

            if (!classIds.Contains(pupil.RegistrationGroup ?? ""))
            {
                yield return $"{where}: registration group '{pupil.RegistrationGroup}' is not a class of this school. Include it in the classes.";
            }

            foreach (var problem in Characteristics(pupil.Characteristics))
            {
                yield return $"{where}: {problem}";
            }

            foreach (var (contact, priority) in (pupil.Contacts ?? []).Select((c, i) => (c, i + 1)))
            {
                if (string.IsNullOrWhiteSpace(contact.Name) || string.IsNullOrWhiteSpace(contact.Phone))
                {
                    yield return $"{where}: contact {priority} needs a name and a phone number.";
                }

                if (contact.Email is { Length: > 0 } email && !System.Net.Mail.MailAddress.TryCreate(email.Trim(), out _))
                {
                    yield return $"{where}: contact {priority}'s e-mail '{email}' is not an e-mail address.";
                }
            }
        }
    }
}
