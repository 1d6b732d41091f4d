using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>
/// A school's roll-up of its pupils' figures (key: the school), kept up to date by the pupils as marks are
/// recorded, so a leader's analytics page reads one grain instead of every pupil. In memory only: on activation it
/// asks each pupil for its figures, then takes each pupil's newer figures as they come.
/// </summary>
public interface ISchoolFiguresGrain : IGrainWithStringKey
{
    /// <summary>A pupil's figures after a new entry; older ones than those kept are ignored (messages may cross).</summary>
    [OneWay]
    Task Update(string upn, PupilFigures figures);

    /// <summary>A pupil's details changed (the roster): the groups they count in.</summary>
    [OneWay]
    Task UpdateDetails(PupilDetails details);

    /// <summary>
    /// The school's figures this year to today (the school's date, by its clock), or for a past academic year (by the
    /// year it starts in) as it ended, the pupils who have left since included; null for a school not set up.
    /// </summary>
    Task<SchoolFigures?> Get(int? year = null);

    /// <summary>The school's figures over the weeks from <paramref name="from"/>'s to <paramref name="to"/>'s; null for a school not set up.</summary>
    Task<PeriodFigures?> GetPeriod(DateOnly from, DateOnly to);
}
