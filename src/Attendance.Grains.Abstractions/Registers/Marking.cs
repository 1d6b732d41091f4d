using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>One pupil's code in a register submission.</summary>
[GenerateSerializer, Immutable]
public sealed record PupilMark(string Upn, string Code);

/// <summary>A teacher's register for one session: a mark for every pupil not already marked (e.g. at the gate).</summary>
/// <param name="RequestId">The client's id for this submission: resending it (a lost answer, a retry) applies it once.</param>
/// <param name="TeacherCodesOnly">The one who took it records only the policy's teacher codes (a class teacher, not the office or a lead).</param>
[GenerateSerializer, Immutable]
public sealed record RegisterSubmission(Session Session, Staff TakenBy, IReadOnlyList<PupilMark> Marks, string? RequestId = null, bool TeacherCodesOnly = false)
{
    /// <summary>The marks in a canonical form (by UPN), to tell a resend from another register under the same key.</summary>
    public string Body => string.Join(";", Marks.OrderBy(m => m.Upn, StringComparer.Ordinal).Select(m => $"{m.Upn}={m.Code.ToUpperInvariant()}"));
}

/// <summary>A single mark, e.g. the office recording a reported absence.</summary>
/// <param name="Note">Kept with the mark, e.g. the parent's report it comes from.</param>
/// <param name="TeacherCodesOnly">The one who recorded it records only the policy's teacher codes.</param>
[GenerateSerializer, Immutable]
public sealed record SingleMark(string Upn, Session Session, string Code, Staff RecordedBy, MarkSource Source = MarkSource.Office, string? Note = null, bool TeacherCodesOnly = false);

/// <summary>A pupil seen arriving (gate reader, reception sign-in) at an instant.</summary>
/// <param name="Reason">What the office was told (e.g. "dentist"), kept with the mark.</param>
[GenerateSerializer, Immutable]
public sealed record Arrival(string Upn, DateTimeOffset ArrivedAt, Staff? RecordedBy = null, string? Reason = null);

/// <summary>A change of a session's mark: the new code, why, and who made it (name and position).</summary>
[GenerateSerializer, Immutable]
public sealed record Amendment(string Upn, Session Session, string Code, string Reason, Staff AmendedBy, MarkSource Source = MarkSource.Office);

/// <summary>What a marking request recorded (the answer is an <see cref="Outcome{T}"/>: this, or why nothing changed).</summary>
/// <param name="Recorded">Entries added to pupils' registers (durable when this is returned).</param>
/// <param name="Unchanged">Marks that were already on the register with the same code.</param>
[GenerateSerializer, Immutable]
public sealed record Marked(IReadOnlyList<RegisterEntry> Recorded, int Unchanged)
{
    /// <summary>A marking request refused: nothing changed.</summary>
    public static Outcome<Marked> Refuse(RejectionReason reason, string detail, IEnumerable<string>? items = null) =>
        new Rejection(reason, detail, [.. items ?? []]);
}

/// <summary>What a pupil's register did with one entry, and the session's mark afterwards.</summary>
[GenerateSerializer, Immutable]
public sealed record PupilEntryResult(EntryOutcome Outcome, RegisterEntry? Current);
