using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>
/// Letter templates: the trust's (key <c>trust</c>) or a school's own, which override the trust's by template key.
/// Templates not set anywhere are the built-in ones (seed 004's four letters, in our words).
/// </summary>
public interface ILetterTemplatesGrain : IGrainWithStringKey
{
    public const string TrustKey = SchoolIds.Trust;

    [ReadOnly]
    Task<IReadOnlyList<LetterTemplate>> GetOwn();

    /// <summary>Adds or replaces a template, or refuses it with the problems found in it (a template that does not parse).</summary>
    Task<Outcome> Set(LetterTemplate template);

    /// <summary>Removes this owner's template: the trust's (or the built-in one) applies again.</summary>
    Task<bool> Remove(string key);
}
