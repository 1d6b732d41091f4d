using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>
/// A school's admission register (2024 regulations, regulation 8 and 9): every admission and every deletion with its
/// ground, append-only. The periods each pupil is on roll follow from it; a class's register has a line for a pupil
/// only on those days, and marks for other days are refused.
/// </summary>
public interface IAdmissionRegisterGrain : IGrainWithStringKey
{
    /// <summary>Admits the roster's pupils who have no line yet, in one write; returns the lines made.</summary>
    Task<IReadOnlyList<AdmissionEntry>> AdmitNew(IReadOnlyList<NewAdmission> pupils, Staff by, DateTimeOffset at);

    /// <summary>
    /// A deletion (with its ground) or a readmission of a pupil already known to the school. The same line sent
    /// again is answered with the line already made, so the caller can finish what a failure interrupted.
    /// </summary>
    Task<Outcome<AdmissionEntry>> Record(AdmissionEntry entry);

    [ReadOnly]
    Task<IReadOnlyList<AdmissionEntry>> List(string? upn = null);

    /// <summary>Each pupil's periods on roll; a pupil with no line is not in the answer (on roll throughout).</summary>
    [ReadOnly]
    Task<IReadOnlyDictionary<string, IReadOnlyList<RollPeriod>>> Rolls(IReadOnlyList<string> upns);
}
