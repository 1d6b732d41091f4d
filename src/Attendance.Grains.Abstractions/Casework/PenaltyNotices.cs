using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>
/// What the headteacher must consider when a pupil reaches the national threshold (2024 framework; seed 002 §11),
/// each answered in their own words.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PenaltyConsiderations(string Support, string BestTool, string NoticeToImprove, string OtherIntervention, string Adjustments)
{
    /// <summary>The questions, in the order the framework asks them.</summary>
    public static IReadOnlyList<(string Field, string Question)> Questions { get; } =
    [
        ("support", "Could the school offer support, or more support, to the child and family to remove the barriers to attendance?"),
        ("bestTool", "Is a penalty notice the best tool to improve attendance?"),
        ("noticeToImprove", "Would a Notice to Improve be appropriate?"),
        ("otherIntervention", "Should the school use another legal intervention?"),
        ("adjustments", "Has the school made all reasonable adjustments under the Equality Act 2010?"),
    ];

    public IReadOnlyList<string> Answers() => [Support, BestTool, NoticeToImprove, OtherIntervention, Adjustments];
}

/// <summary>A step of a penalty-notice case: what, on which day, who recorded it, and the LA's reference or the amount paid.</summary>
[GenerateSerializer, Immutable]
public sealed record PenaltyCaseStep(PenaltyStep Step, DateOnly On, string Note, Staff By, DateTimeOffset RecordedAt, string? Reference = null, decimal? Amount = null);

/// <summary>
/// A penalty-notice case for one parent of one pupil, opened by the headteacher's decision on a threshold alert:
/// the considerations and rationale, the sessions concerned, and each step since.
/// </summary>
/// <param name="TermTimeLeave">Reached by refused leave in term time: no Notice to Improve.</param>
/// <param name="NoticeNumber">Once issued: the parent's first or second notice for this pupil within the cap's years.</param>
[GenerateSerializer, Immutable]
public sealed record PenaltyCase(
    string Id,
    string Upn,
    string PupilName,
    string Parent,
    string AlertId,
    PenaltyConsiderations Considerations,
    string Rationale,
    bool TermTimeLeave,
    IReadOnlyList<RegisterEntry> SessionsConcerned,
    IReadOnlyList<PenaltyCaseStep> Steps,
    int? NoticeNumber = null)
{
    public PenaltyStep Current => Steps[^1].Step;

    public bool IsOpen => PenaltyNoticeRules.After(Current).Count > 0;

    public IReadOnlyList<PenaltyStep> Next => PenaltyNoticeRules.After(Current);

    public PenaltyCaseStep? StepOf(PenaltyStep step) => Steps.LastOrDefault(s => s.Step == step);
}
