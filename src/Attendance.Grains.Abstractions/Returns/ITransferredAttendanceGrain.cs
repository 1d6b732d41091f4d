using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>
/// A pupil's attendance at their previous schools, from the CTFs the school imported (key: school/UPN). Kept beside
/// the school's own register, never in it: the legal register and this school's figures hold only its own sessions.
/// </summary>
public interface ITransferredAttendanceGrain : IGrainWithStringKey
{
    /// <summary>Keeps each year; a year of the same school already kept is replaced, so a CTF imported again changes nothing.</summary>
    Task Record(IReadOnlyList<CtfYear> years, string importedBy, DateTimeOffset at);

    [ReadOnly]
    Task<IReadOnlyList<TransferredYear>> List();

    /// <summary>
    /// The pupil's Common Transfer File for the school they are going to (<paramref name="destLea"/> and
    /// <paramref name="destEstab"/>, checked by the caller): this school's year so far and the previous schools' years
    /// kept here. The extract is recorded with who took it. Refused when the school or pupil is unknown or the
    /// school's LAESTAB is not set.
    /// </summary>
    Task<Outcome<CtfFile>> ExportCtf(string destLea, string destEstab, Staff by, DateTimeOffset now);
}
