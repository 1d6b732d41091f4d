namespace Attendance.Server.Returns;

/// <summary>One pupil on one of the local authority's lists, with the figure that put them there.</summary>
/// <param name="Figure">School days absent without permission in a row; illness days this year; or attendance this year (%).</param>
/// <param name="Since">For the 10-day list, the first day of the run.</param>
public sealed record ReturnLine(string Upn, string LegalName, string YearGroup, string ClassId, decimal Figure, DateOnly? Since = null, bool Severe = false);

/// <param name="TenDays">Absent without permission for 10 continuous school days or more (the school's <c>informLocalAuthorityDays</c>).</param>
/// <param name="Sickness">15 school days or more of illness this school year, consecutive or cumulative (the sickness return).</param>
/// <param name="PersistentAbsence">Missed 10% or more of possible sessions this year (severe: 50% or more).</param>
public sealed record LocalAuthorityReturn(DateOnly On, IReadOnlyList<ReturnLine> TenDays, IReadOnlyList<ReturnLine> Sickness, IReadOnlyList<ReturnLine> PersistentAbsence);

/// <summary>A year a Common Transfer File brought, as imported.</summary>
/// <param name="MarkedSessionsPossible">The sessions possible counted from the marks; null when the year has none.</param>
/// <param name="MarksMatchTotals">Whether the file's totals are those its marks count.</param>
public sealed record CtfImportedYear(int Year, string? Lea, string? Estab, string? SchoolName, int SessionsPossible, int SessionsAttended, int SessionsAuthorised, int SessionsUnauthorised, int? MarkedSessionsPossible, bool MarksMatchTotals);

public sealed record CtfImportedPupil(string Upn, string Name, IReadOnlyList<CtfImportedYear> Years);

/// <summary>What a Common Transfer File import kept.</summary>
/// <param name="From">The school that sent the file, as its header names it.</param>
public sealed record CtfImportResult(string From, IReadOnlyList<CtfImportedPupil> Pupils);
