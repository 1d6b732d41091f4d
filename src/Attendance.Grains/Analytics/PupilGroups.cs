using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Grains.Analytics;

/// <summary>The groups a pupil counts in for the analytics, one per grouping, in the school's words.</summary>
public static class PupilGroups
{
    public const string WholeSchool = "School";

    /// <summary>The groups with the whole school first even when it has no pupils yet (a new school's figures are zeros, not missing).</summary>
    public static IReadOnlyList<GroupFigures> WithWholeSchool(IReadOnlyList<GroupFigures> groups) =>
        groups.Any(g => g.Dimension == WholeSchool) ? groups : [new GroupFigures(WholeSchool, "All pupils", 0, 0, 0, 0, 0), .. groups];

    public static IReadOnlyList<(string Dimension, string Group)> Of(PupilDetails pupil, string className)
    {
        var c = pupil.Characteristics;
        return
        [
            (WholeSchool, "All pupils"),
            ("Year group", pupil.YearGroup == "R" ? "Reception" : $"Year {pupil.YearGroup}"),
            ("Class", className),
            ("Sex", c?.Sex switch { Sex.Female => "Female", Sex.Male => "Male", _ => "Not recorded" }),
            ("Ethnicity", c?.Ethnicity ?? "Not recorded"),
            ("Free school meals", c is null ? "Not recorded" : c.FreeSchoolMeals ? "Eligible" : "Not eligible"),
            ("Pupil premium", pupil.Flags.PupilPremium ? "Pupil premium" : "Not pupil premium"),
            ("SEN", c?.SenProvision switch { SenProvision.EhcPlan => "EHC plan", SenProvision.SenSupport => "SEN support", null => pupil.Flags.Send ? "SEND" : "No SEND", _ => "No SEN" }),
            ("Social worker", pupil.Flags.HasSocialWorker ? "Has a social worker" : "No social worker"),
        ];
    }
}
