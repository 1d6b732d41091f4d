namespace Attendance.Domain;

/// <summary>
/// The steps of a penalty notice (the 2024 national framework; seed 002 §11, seed 004 §15), from the headteacher's
/// decision to what the local authority did. Only the local authority issues the notice: the school requests it and
/// records what followed.
/// </summary>
public enum PenaltyStep
{
    /// <summary>A final chance to engage with support before a notice is requested: an improvement period follows.</summary>
    NoticeToImprove,

    /// <summary>Attendance improved enough in the improvement period: no notice, the support carries on.</summary>
    Improved,

    /// <summary>The headteacher asks the local authority to issue a penalty notice (with the evidence pack).</summary>
    Requested,

    /// <summary>The local authority decided not to issue one.</summary>
    Declined,

    /// <summary>The local authority issued the notice: its date starts the payment windows.</summary>
    Issued,

    Paid,

    Withdrawn,

    /// <summary>Unpaid after the payment window: the local authority takes it to court (section 444, Education Act 1996).</summary>
    ProsecutionReferred,
}

/// <summary>
/// The penalty-notice rules a local authority's code of conduct sets (defaults: the 2024 national framework). Seed 004
/// shows an older local code (£60 within 21 days, £120 within 28): the amounts are settings.
/// </summary>
/// <param name="ReducedAmount">A first notice paid within <see cref="ReducedDays"/> of its issue.</param>
/// <param name="FullAmount">A first notice paid later, within <see cref="PaymentDays"/>; a second notice at any time within them.</param>
/// <param name="NoticeToImproveFirst">
/// Whether a Notice to Improve comes before a request (the framework: where support is appropriate). Never for
/// term-time leave, nor for a parent who had one for the same child within the cap's years.
/// </param>
/// <param name="ImprovementWeeks">The improvement period of a Notice to Improve (the framework: 3 to 6 weeks).</param>
public sealed record PenaltyNoticeRules(
    decimal ReducedAmount = 80m,
    int ReducedDays = 21,
    decimal FullAmount = 160m,
    int PaymentDays = 28,
    bool NoticeToImproveFirst = true,
    int ImprovementWeeks = 6)
{
    /// <summary>The steps that may follow <paramref name="current"/> (a case begins as <see cref="FirstStep"/> says).</summary>
    public static IReadOnlyList<PenaltyStep> After(PenaltyStep current) => current switch
    {
        PenaltyStep.NoticeToImprove => [PenaltyStep.Improved, PenaltyStep.Requested],
        PenaltyStep.Requested => [PenaltyStep.Issued, PenaltyStep.Declined],
        PenaltyStep.Issued => [PenaltyStep.Paid, PenaltyStep.Withdrawn, PenaltyStep.ProsecutionReferred],
        _ => [],
    };

    /// <summary>
    /// How a case the headteacher decides to pursue begins: with a Notice to Improve where the framework expects one,
    /// else the request to the local authority.
    /// </summary>
    /// <param name="termTimeLeave">The threshold was reached by leave in term time the school refused.</param>
    /// <param name="hadNoticeToImprove">The parent had a Notice to Improve for this child within the cap's years.</param>
    public PenaltyStep FirstStep(bool termTimeLeave, bool hadNoticeToImprove) =>
        NoticeToImproveFirst && !termTimeLeave && !hadNoticeToImprove ? PenaltyStep.NoticeToImprove : PenaltyStep.Requested;

    /// <summary>The last day of a Notice to Improve's improvement period: <see cref="ImprovementWeeks"/> weeks less a day.</summary>
    public DateOnly ImprovementEnds(DateOnly givenOn) => givenOn.AddDays(7 * ImprovementWeeks - 1);

    /// <summary>
    /// Why the step cannot be taken on <paramref name="on"/> after a Notice to Improve given on <paramref name="givenOn"/>,
    /// or null. "Improved" waits for the period's end; a request comes after it, or sooner on the notice's own grounds:
    /// unauthorised absence since it was given.
    /// </summary>
    public string? CheckAfterNotice(PenaltyStep step, DateOnly givenOn, DateOnly on, int unauthorisedSince)
    {
        var ends = ImprovementEnds(givenOn);
        return step switch
        {
            PenaltyStep.Improved when on <= ends =>
                $"The improvement period runs to {ends:d MMMM yyyy}: record whether attendance improved after it ends.",
            PenaltyStep.Requested when on <= ends && unauthorisedSince == 0 =>
                $"The Notice to Improve's improvement period runs to {ends:d MMMM yyyy} and there has been no unauthorised absence since it was given: request a notice after it ends, if attendance has not improved.",
            _ => null,
        };
    }

    /// <summary>
    /// What is due on a notice paid on <paramref name="paidOn"/>: the reduced amount for a first notice paid within
    /// <see cref="ReducedDays"/> of its issue, the full amount within <see cref="PaymentDays"/> (a second notice is
    /// always the full amount); null when paid before it was issued or after the window (the local authority then
    /// decides to prosecute or withdraw).
    /// </summary>
    /// <param name="noticeNumber">1 for the parent's first notice for this child within the cap's years, 2 for the second.</param>
    public decimal? AmountDue(int noticeNumber, DateOnly issuedOn, DateOnly paidOn)
    {
        var days = paidOn.DayNumber - issuedOn.DayNumber;
        return days < 0 || days > PaymentDays ? null
            : noticeNumber == 1 && days <= ReducedDays ? ReducedAmount
            : FullAmount;
    }

    /// <summary>Whether a notice issued on <paramref name="issuedOn"/> is unpaid past its window on <paramref name="today"/>.</summary>
    public bool PastPaymentWindow(DateOnly issuedOn, DateOnly today) => today.DayNumber - issuedOn.DayNumber > PaymentDays;

    /// <summary>
    /// The threshold was reached by refused leave in term time (the framework: no Notice to Improve) when the refused
    /// leave code alone reaches the threshold among the sessions concerned.
    /// </summary>
    public static bool IsTermTimeLeave(IEnumerable<string> codesConcerned, string refusedLeaveCode, int thresholdSessions) =>
        codesConcerned.Count(c => c == refusedLeaveCode) >= thresholdSessions;

    /// <summary>
    /// The sessions a penalty notice concerns: the pupil's current marks of unauthorised absence in the rolling window
    /// of <paramref name="weeks"/> school weeks ending with <paramref name="currentWeek"/>.
    /// </summary>
    public static IReadOnlyList<RegisterEntry> SessionsConcerned(IEnumerable<RegisterEntry> currentMarks, int currentWeek, int weeks) =>
        [.. currentMarks.Where(m => m.Category == AttendanceCategory.UnauthorisedAbsence && m.SchoolWeek > currentWeek - weeks && m.SchoolWeek <= currentWeek)
            .OrderBy(m => m.Session)];

    public IEnumerable<string> Validate()
    {
        if (ReducedAmount <= 0 || FullAmount < ReducedAmount)
        {
            yield return $"Penalty notices cost {ReducedAmount:0.00} (reduced) and {FullAmount:0.00} (full): both above 0, the full amount no less than the reduced.";
        }

        if (ReducedDays > PaymentDays)
        {
            yield return $"The reduced amount's {ReducedDays} days must fall within the {PaymentDays} days to pay.";
        }

        if (ImprovementWeeks is < 3 or > 6)
        {
            yield return $"A Notice to Improve's improvement period is 3 to 6 weeks (the national framework), not {ImprovementWeeks}.";
        }

        foreach (var problem in Counts.AtLeastOne("The penalty notice's", ("reduced days", ReducedDays), ("payment days", PaymentDays)))
        {
            yield return problem;
        }
    }
}
