using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>One school week of the trend: the school's sessions this year and in the same week a year before (52 weeks earlier).</summary>
[GenerateSerializer, Immutable]
public sealed record TrendWeek(DateOnly Monday, WeekFigures ThisYear, WeekFigures LastYear);

/// <summary>A pupil whose year-end, at their recent rate, falls into a worse band than they are in now.</summary>
/// <param name="CurrentBand">The name of the policy's band the pupil is in now; <paramref name="ProjectedBand"/>, the one projected.</param>
[GenerateSerializer, Immutable]
public sealed record PupilHeading(string Upn, string Name, string ClassId, YearEndProjection Projection, string CurrentBand, string ProjectedBand);

/// <summary>
/// A school's attendance this year from its roll-up: by group, by code (the reasons for absence), week by week
/// against last year, and the pupils heading for a worse band.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SchoolFigures(
    string SchoolName, DateOnly On, IReadOnlyList<GroupFigures> Groups, IReadOnlyDictionary<string, int> Codes, IReadOnlyList<TrendWeek> Weeks,
    IReadOnlyList<PupilHeading> Heading);

/// <summary>A national figure the trust enters to compare its schools with (e.g. the DfE's latest for primary schools).</summary>
/// <param name="Label">What the figure is, as the charts name it: "National, primary, autumn 2025".</param>
[GenerateSerializer, Immutable]
public sealed record NationalReference(string Label, decimal AttendancePercent, decimal? PersistentAbsencePercent = null);

/// <summary>A pupil's attendance over a period, and the policy's band it falls in.</summary>
[GenerateSerializer, Immutable]
public sealed record PupilPeriod(string Upn, string Name, string ClassId, WeekFigures Sessions, string Band);

/// <summary>The whole school's sessions in one week of a period.</summary>
[GenerateSerializer, Immutable]
public sealed record PeriodWeek(DateOnly Monday, WeekFigures Sessions);

/// <summary>
/// A school's attendance over a period of whole school weeks (the week of its first day to the week of its last): by
/// group, week by week (weeks with no possible session left out), and each pupil with sessions in it, lowest
/// attendance first.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PeriodFigures(
    string SchoolName, DateOnly FirstWeek, DateOnly LastWeek, IReadOnlyList<GroupFigures> Groups, IReadOnlyList<PupilPeriod> Pupils, IReadOnlyList<PeriodWeek> Weeks);
