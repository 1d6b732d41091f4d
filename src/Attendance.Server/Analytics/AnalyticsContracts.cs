using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Analytics;

namespace Attendance.Server.Analytics;

/// <summary>A group's figures as this reader may see them: none for a group too small to show outside the school.</summary>
public sealed record GroupLine(
    string Dimension, string Group, int? Pupils, decimal? AttendancePercent, int? PersistentlyAbsent, decimal? PersistentAbsencePercent, int? SeverelyAbsent,
    decimal? SevereAbsencePercent, bool Suppressed)
{
    public static GroupLine Shown(GroupFigures f) => new(
        f.Dimension, f.Group, f.Pupils, f.AttendancePercent, f.PersistentlyAbsent, f.PersistentAbsencePercent, f.SeverelyAbsent, f.SevereAbsencePercent, false);

    public static GroupLine Hidden(GroupFigures f) => new(f.Dimension, f.Group, null, null, null, null, null, null, true);
}

/// <summary>An absence code's sessions this year and its share of all absence.</summary>
public sealed record ReasonLine(string Code, string Description, AttendanceCategory Category, int Sessions, decimal? PercentOfAbsence);

/// <summary>A pupil whose year-end at their recent rate falls into a worse band.</summary>
public sealed record HeadingLine(string Upn, string Name, string ClassId, decimal CurrentPercent, string CurrentBand, decimal ProjectedPercent, string ProjectedBand);

public sealed record SchoolAnalyticsView(
    string SchoolId, string SchoolName, DateOnly On, int MinimumGroupSize, IReadOnlyList<GroupLine> Groups, IReadOnlyList<ReasonLine> Reasons,
    IReadOnlyList<TrendLine> Trend, NationalReference? National, IReadOnlyList<HeadingLine> Heading)
{
    public decimal? WholeSchool => Groups.First(g => g.Dimension == PupilGroups.WholeSchool).AttendancePercent;
}

/// <summary>
/// One school's year so far (or a period) in the trust's table. A period's line has no authorised and unauthorised
/// split nor pupils heading for a worse band (null): the roll-up keeps a period's sessions, not its codes.
/// </summary>
public sealed record SchoolYearLine(
    string SchoolId, string SchoolName, int Pupils, decimal? AttendancePercent, decimal? PersistentAbsencePercent, decimal? SevereAbsencePercent,
    decimal? AuthorisedAbsencePercent, decimal? UnauthorisedAbsencePercent, int? HeadingForWorseBand);

/// <param name="FirstWeek">For a period: its first week's Monday (and <paramref name="LastWeek"/> its last's); null for a year.</param>
public sealed record TrustAnalyticsView(NationalReference? National, IReadOnlyList<SchoolYearLine> Schools, DateOnly? FirstWeek = null, DateOnly? LastWeek = null);

/// <summary>A pupil over a period: sessions possible and attended, attendance, the band, and persistent or severe absence in it.</summary>
public sealed record PupilPeriodLine(string Upn, string Name, string ClassId, int PossibleSessions, int SessionsAttended, decimal? AttendancePercent, string Band,
    bool PersistentlyAbsent, bool SeverelyAbsent);

/// <summary>The whole school's attendance in one week of a period.</summary>
public sealed record WeekLine(DateOnly Monday, int PossibleSessions, decimal? AttendancePercent);

/// <summary>The school over a period of whole weeks (<paramref name="FirstWeek"/>'s Monday to <paramref name="LastWeek"/>'s Sunday).</summary>
public sealed record PeriodView(
    string SchoolId, string SchoolName, DateOnly FirstWeek, DateOnly LastWeek, int MinimumGroupSize, IReadOnlyList<GroupLine> Groups, IReadOnlyList<PupilPeriodLine> Pupils,
    IReadOnlyList<WeekLine> Weeks);
