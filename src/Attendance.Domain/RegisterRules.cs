namespace Attendance.Domain;

/// <summary>What a resent register submission is, from its Idempotency-Key.</summary>
public enum Resend
{
    /// <summary>No earlier submission under this key: the register was already taken by another.</summary>
    OtherRegister,

    /// <summary>The same register sent again (its answer was lost): applied once, and that stands.</summary>
    SameRegister,

    /// <summary>The same key with other marks: a client's mistake, never a second register.</summary>
    KeyReused,
}

/// <summary>
/// The checks a register submission and a single mark pass before anything is written (beside <see cref="SessionRules"/>,
/// which says whether a session takes marks at all). Each answers the pupils it refuses, so the whole submission is
/// refused with every one named.
/// </summary>
public static class RegisterRules
{
    /// <summary>Pupils named more than once in one register.</summary>
    public static IReadOnlyList<string> Repeated(IEnumerable<string> upns) =>
        [.. upns.GroupBy(u => u).Where(g => g.Count() > 1).Select(g => g.Key)];

    /// <summary>
    /// Pupils the register must mark and does not: on the register's roll (<paramref name="expected"/>), with no mark
    /// held already and none sent.
    /// </summary>
    public static IReadOnlyList<string> Unmarked(IEnumerable<string> expected, IReadOnlyDictionary<string, RegisterEntry?> held, IEnumerable<string> sent)
    {
        var marked = sent.ToHashSet();
        return [.. expected.Where(upn => held.GetValueOrDefault(upn) is null && !marked.Contains(upn))];
    }

    /// <summary>
    /// Pupils sent with a code other than the one they hold: a register does not overwrite a mark (an amendment with a
    /// reason does). The same code again is not a conflict: a resend after a failure part-way is safe.
    /// </summary>
    public static IReadOnlyList<string> Conflicting(IEnumerable<(string Upn, AttendanceCode Code)> sent, IReadOnlyDictionary<string, RegisterEntry?> held) =>
        [.. sent.Where(m => held.GetValueOrDefault(m.Upn) is { } existing && existing.Code != m.Code.Code).Select(m => m.Upn)];

    /// <summary>What a submission for a session already submitted is, by its key and marks against the earlier one's.</summary>
    /// <param name="earlierBody">The earlier submission's marks in canonical form; null when it was not kept (submitted before bodies were).</param>
    public static Resend ResendOf(string? key, string? earlierKey, string? earlierBody, string body) =>
        key is null || earlierKey != key ? Resend.OtherRegister
        : earlierBody is null || earlierBody == body ? Resend.SameRegister
        : Resend.KeyReused;

    /// <summary>
    /// Pupils sent with a code a teacher may not record: a teacher limited to the policy's teacher codes records
    /// presence, lateness and <c>N</c>; the office and leads record the reason for an absence.
    /// </summary>
    public static IReadOnlyList<string> NotTeacherCodes(IEnumerable<(string Upn, string Code)> sent, IReadOnlyList<string> teacherCodes) =>
        [.. sent.Where(m => !teacherCodes.Contains(m.Code.Trim(), StringComparer.OrdinalIgnoreCase)).Select(m => m.Upn)];

    /// <summary>The national code for a session part (<c>/</c> in the morning, <c>\</c> in the afternoon), or null for a code that is not national.</summary>
    public static AttendanceCode? CodeFor(string code, SessionPart part) =>
        NationalCodes.TryGet(code, out var found) ? NationalCodes.ForSession(found, part) : null;
}
