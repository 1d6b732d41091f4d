using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>
/// One pupil at one school: their details and their register for the year, with running tallies.
/// The only writer of that pupil's register.
/// </summary>
public interface IPupilGrain : IGrainWithStringKey
{
    Task UpdateDetails(PupilDetails details);

    [ReadOnly]
    Task<PupilDetails?> GetDetails();

    /// <summary>
    /// Marks a session and evaluates the pupil against the school's policy (<paramref name="policyVersion"/> says
    /// which). Returns once the entry, and any crossing it caused, is durable.
    /// </summary>
    Task<PupilEntryResult> Mark(RegisterEntry entry, long policyVersion);

    /// <summary>Amends a session's mark, keeping the original, and evaluates as <see cref="Mark"/> does.</summary>
    Task<PupilEntryResult> Amend(RegisterEntry amendment, long policyVersion);

    /// <summary>
    /// A pupil arriving at the gate or reception: marked present, late (L) or after close (U) by the register times
    /// of their class, or replacing an N with the time they came. Taken by the pupil alone (the one grain call of an
    /// arrival); the class is told afterwards, one-way. Returns once the entry is durable.
    /// </summary>
    Task<Outcome<Marked>> RecordArrival(Arrival arrival);

    /// <summary>The pupil's class and register times, sent by the class when they change (see <see cref="PupilPlace"/>).</summary>
    [OneWay]
    Task Place(PupilPlace place);

    /// <summary>
    /// Brings in historic marks (e.g. from the previous MIS) for sessions not yet marked, in one write. The pupil's
    /// standing afterwards is the baseline for alerts: history raises none.
    /// </summary>
    Task<int> ImportHistory(IReadOnlyList<RegisterEntry> entries);

    [ReadOnly]
    Task<RegisterEntry?> GetMark(Session session);

    /// <summary>The current mark of each session, in the order asked: a class loads a week in one call per pupil.</summary>
    [ReadOnly]
    Task<RegisterEntry?[]> GetMarks(IReadOnlyList<Session> sessions);

    /// <summary>The code of each session, in the order asked (null: not marked), from what the pupil holds: no entries read.</summary>
    [ReadOnly]
    Task<string?[]> GetCodes(IReadOnlyList<Session> sessions);

    /// <summary>The code of one session (null: not marked), from what the pupil holds: for callers that decide on the
    /// code alone, so an older session never reads the journal.</summary>
    [ReadOnly]
    Task<string?> GetCode(Session session);

    /// <summary>Every entry of the year in the order made: the pupil's whole register, amendments included.</summary>
    [ReadOnly]
    Task<IReadOnlyList<RegisterEntry>> GetEntries();

    /// <summary>Every entry for a session, original first, amendments after.</summary>
    [ReadOnly]
    Task<IReadOnlyList<RegisterEntry>> GetHistory(Session session);

    /// <param name="today">The school's date: today's marks, and the academic year the attendance is for.</param>
    /// <param name="currentWeek">The school week ending the rolling window; the latest marked week when null.</param>
    [ReadOnly]
    Task<PupilSummary?> GetSummary(DateOnly today, int? currentWeek);

    /// <summary>
    /// The pupil's details and figures for the school's roll-up (<see cref="ISchoolFiguresGrain"/>), as of their latest
    /// entry: one call, as the roll-up asks every pupil of the school when it activates.
    /// </summary>
    [ReadOnly]
    Task<PupilForRollup> GetForRollup();

    /// <summary>
    /// Where the pupil stands against the school's policy in force (band, thresholds, stage) in the academic year of
    /// <paramref name="today"/>; the rolling windows span years.
    /// </summary>
    [ReadOnly]
    Task<PupilStanding> GetStanding(DateOnly today);

    /// <summary>How long the pupil has been absent, in school days, up to and including <paramref name="day"/>.</summary>
    [ReadOnly]
    Task<AbsenceRun> GetAbsenceRun(SchoolCalendar calendar, DateOnly day);

    /// <summary>
    /// A parent has the pupil's page open: for the next ten minutes each new mark is pushed to the school's feed for
    /// them (renewed while the page stays open). Nothing is sent for pupils nobody is watching.
    /// </summary>
    [OneWay]
    Task WatchedByFamily();
}

/// <summary>What the school's roll-up keeps of a pupil, asked in one call when it activates: their details (null for a pupil not on the roster) and figures.</summary>
[GenerateSerializer, Immutable]
public sealed record PupilForRollup(PupilDetails? Details, PupilFigures Figures);
