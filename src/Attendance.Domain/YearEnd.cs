using System.Globalization;

namespace Attendance.Domain;

/// <summary>A pupil on roll as the year end sees them.</summary>
public sealed record YearEndPupil(string Upn, string Name, string YearGroup);

/// <summary>A pupil moving up a year group.</summary>
public sealed record Promotion(string Upn, string Name, string From, string To);

/// <summary>A pupil of the school's final year group, whose name is deleted on the year's last day.</summary>
public sealed record YearEndLeaver(string Upn, string Name, string YearGroup, DeletionGround Ground);

/// <summary>What a year end does to the roll: who moves up, who leaves, and whose year group it cannot read.</summary>
public sealed record YearEndChanges(IReadOnlyList<Promotion> Promotions, IReadOnlyList<YearEndLeaver> Leavers, IReadOnlyList<YearEndPupil> NotPromoted);

/// <summary>
/// The end of a school year for the roll: every pupil moves up a year group (N1, N2, R, then 1 upwards) and the
/// school's final year group leaves. A leaver of Year 11 or above has reached the end of compulsory school age
/// (regulation 9(1)(l)); a younger leaver (a primary's Year 6) moves on to their next school (9(1)(a)).
/// </summary>
public static class YearEnd
{
    /// <summary>
    /// The alerts a new year closes: measures counted per academic year (bands, stages, persistent and severe absence,
    /// health absence, the year-end projection). Those whose windows span years, and penalty-notice decisions still to
    /// make, carry on.
    /// </summary>
    public static bool ClosesAtYearEnd(CrossingKind kind) => kind is CrossingKind.Band or CrossingKind.Escalation
        or CrossingKind.PersistentAbsence or CrossingKind.SevereAbsence or CrossingKind.HealthAbsence or CrossingKind.YearEndProjection;

    /// <summary>The year group after <paramref name="yearGroup"/>; null for one the service cannot read (it is left as it is).</summary>
    public static string? Next(string yearGroup)
    {
        var text = yearGroup.Trim().ToUpperInvariant();
        var prefix = text.StartsWith('Y') ? "Y" : "";
        return text switch
        {
            "N1" => "N2",
            "N2" or "N" => "R",
            "R" => "1",
            _ when int.TryParse(text.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1 and <= 13 =>
                prefix + (year + 1).ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    /// <summary>The oldest year group on roll, which leaves at the year end unless the school names another.</summary>
    public static string? FinalYearGroup(IEnumerable<string> yearGroups) =>
        yearGroups.Where(y => Next(y) is not null).MaxBy(AdmissionReturns.YearGroupRank);

    public static YearEndChanges Plan(IReadOnlyList<YearEndPupil> pupils, string finalYearGroup)
    {
        var finalRank = AdmissionReturns.YearGroupRank(finalYearGroup);
        var ground = finalRank >= DeletionRules.FinalCompulsoryYear ? DeletionGround.CompulsorySchoolAgeEnded : DeletionGround.RegisteredAtAnotherSchool;
        var leavers = pupils.Where(p => AdmissionReturns.YearGroupRank(p.YearGroup) == finalRank).ToList();
        var staying = pupils.Except(leavers).ToList();
        return new YearEndChanges(
            [.. staying.Where(p => Next(p.YearGroup) is not null).Select(p => new Promotion(p.Upn, p.Name, p.YearGroup, Next(p.YearGroup)!))],
            [.. leavers.Select(p => new YearEndLeaver(p.Upn, p.Name, p.YearGroup, ground))],
            [.. staying.Where(p => Next(p.YearGroup) is null)]);
    }
}
