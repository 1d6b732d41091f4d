namespace Attendance.Domain;

/// <summary>
/// The ids of schools and provisions: one set, used in addresses (<c>/api/schools/{id}</c>) and as the key of everything
/// a school owns. The trust's own records (its policy, letter templates, list of schools) are kept under
/// <see cref="Trust"/>, which is therefore never a school's or a provision's id: one named so would share the trust's
/// letter templates and could overwrite them.
/// </summary>
public static class SchoolIds
{
    public const string Trust = "trust";

    public const int MaxLength = 40;

    /// <summary>Why <paramref name="id"/> cannot name a new school or provision, or null when it can.</summary>
    public static string? Problem(string id) =>
        string.Equals(id, Trust, StringComparison.OrdinalIgnoreCase)
            ? $"'{id}' is reserved for the trust's own records; choose another id for the school or provision."
            : id.Length is 0 or > MaxLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') || id[0] == '-'
                ? $"'{id}' is not an id for a school or provision: up to {MaxLength} letters, digits and hyphens, starting with a letter or digit (e.g. oakfield or 3341234)."
                : null;
}
