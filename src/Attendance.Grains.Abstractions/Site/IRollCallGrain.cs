using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>
/// One emergency roll call (key <c>{school}/{id}</c>): the pupils who should be on site when it started, each ticked
/// off by the member of staff who has them. Every tick goes to the school's feed at once, so the office's missing
/// list shrinks on every screen as staff tap.
/// </summary>
public interface IRollCallGrain : IGrainWithStringKey
{
    /// <summary>Begins the roll call (called once, by the school's site; a repeat answers the one begun).</summary>
    Task<RollCall> Begin(RollCall started);

    /// <summary>A pupil accounted for (or, tapped again by mistake, not yet).</summary>
    Task<Outcome<RollCallLine>> Account(string upn, bool accounted, Staff by);

    Task<Outcome<RollCall>> End(Staff by);

    [ReadOnly]
    Task<RollCall?> Get();
}

/// <summary>A pupil on a roll call: who, their class, why they are expected, and who accounted for them when.</summary>
/// <param name="Note">What the one looking should know, e.g. "No mark yet today" or "Missed a lesson today".</param>
/// <param name="Version">Counts the line's changes: a screen told of two changes in the wrong order keeps the later.</param>
[GenerateSerializer, Immutable]
public sealed record RollCallLine(string Upn, string Name, string ClassId, string? Note, Staff? AccountedBy = null, DateTimeOffset? AccountedAt = null, int Version = 0)
{
    public bool Accounted => AccountedBy is not null;
}

/// <summary>An emergency roll call: started by whom and when, its lines, and its end.</summary>
[GenerateSerializer, Immutable]
public sealed record RollCall(
    string Id, string SchoolId, DateTimeOffset StartedAt, Staff StartedBy, IReadOnlyList<RollCallLine> Lines, DateTimeOffset? EndedAt = null, Staff? EndedBy = null)
{
    public bool Ended => EndedAt is not null;

    /// <summary>The roll call as someone who sees only some classes receives it (null: every class).</summary>
    public RollCall For(IReadOnlyCollection<string>? classes) =>
        classes is null ? this : this with { Lines = [.. Lines.Where(l => classes.Contains(l.ClassId))] };
}

/// <summary>
/// A change to a roll call for the screens: begun or ended (no line), or one pupil accounted for or not. It goes to
/// those who may see the pupil (the whole school's staff, and the teachers of the pupil's class).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RollCallChange(string SchoolId, string RollCallId, bool Ended, RollCallLine? Line);
