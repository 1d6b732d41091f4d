using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>The letters a school has prepared, kept for good: what the pupil page lists under "Letters home".</summary>
public interface ILetterBookGrain : IGrainWithStringKey
{
    Task Record(IReadOnlyList<SentLetter> letters);

    [ReadOnly]
    Task<IReadOnlyList<SentLetter>> List(string? upn = null);
}
