using Attendance.Grains.Abstractions;

namespace Attendance.Grains.Registers;

/// <summary>One pupil's new lines and the crossings they caused: committed together, or not at all.</summary>
public sealed record JournalAppend(string SchoolId, string Upn, IReadOnlyList<LegalRegisterLine> Lines, IReadOnlyList<CrossingNotice> Crossings);

/// <summary>What a pupil is rebuilt from on activation.</summary>
/// <param name="Lines">The pupil's register, in entry order.</param>
/// <param name="Undelivered">Crossings committed with their marks that the school's inbox has not confirmed.</param>
/// <param name="CrossingsMade">How many crossings of each measure the pupil has made: the last part of the next alert id.</param>
public sealed record PupilJournal(
    IReadOnlyList<LegalRegisterLine> Lines,
    IReadOnlyList<CrossingNotice> Undelivered,
    IReadOnlyDictionary<Attendance.Domain.CrossingKind, int> CrossingsMade);

/// <summary>
/// The pupils' registers as one append-only journal that is the legal register itself: a mark is one appended line,
/// never a rewrite of the pupil's state, so what a pupil holds and what the table says cannot disagree.
/// </summary>
public interface IRegisterJournal
{
    /// <summary>
    /// Returns once the lines and crossings are committed; throws when they are not, and then none of them is kept.
    /// A line whose number the pupil's register already has (a second activation wrote first) fails the append with
    /// <see cref="JournalConflictException"/>; a journal too busy to take it fails it with <see cref="RegisterBusyException"/>.
    /// </summary>
    Task Append(JournalAppend append, CancellationToken cancellationToken = default);

    Task<PupilJournal> Load(string schoolId, string upn, CancellationToken cancellationToken = default);

    /// <summary>Records that the school's inbox has these crossings, so the next activation does not send them again.</summary>
    Task Delivered(string schoolId, string upn, IReadOnlyList<string> alertIds, CancellationToken cancellationToken = default);
}

/// <summary>Another writer has already used an entry number of this pupil's register: reload, never fork.</summary>
public sealed class JournalConflictException(string message, Exception? inner = null) : Exception(message, inner);
