using Attendance.Grains.Registers;

namespace Attendance.Grains.Tests;

/// <summary>
/// The silo's register journal, which a test can make stop dead before its next commit: the mark is on its way to
/// the journal and not yet committed, and the test kills the silo there. Or hold appends after their commit, so a
/// call times out although the mark was recorded.
/// </summary>
public sealed class CrashPoint(IRegisterJournal inner) : IRegisterJournal
{
    private static TaskCompletionSource? reached;

    /// <summary>Arms the crash point; the task completes when an append has stopped at it.</summary>
    public static Task Arm()
    {
        reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return reached.Task;
    }

    private static TaskCompletionSource? heldAfterCommit;

    /// <summary>Disarms the crash point and lets appends held after their commit answer.</summary>
    public static void Disarm()
    {
        reached = null;
        heldAfterCommit?.TrySetResult();
        heldAfterCommit = null;
    }

    /// <summary>Appends commit, then answer their pupil only when disarmed: a caller times out after the pupil recorded the mark.</summary>
    public static void HoldAfterCommit() => heldAfterCommit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task Append(JournalAppend append, CancellationToken cancellationToken = default)
    {
        if (reached is { } armed)
        {
            armed.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        await inner.Append(append, cancellationToken);
        if (heldAfterCommit is { } held)
        {
            await held.Task;
        }
    }

    public Task<PupilJournal> Load(string schoolId, string upn, CancellationToken cancellationToken = default) =>
        inner.Load(schoolId, upn, cancellationToken);

    public Task Delivered(string schoolId, string upn, IReadOnlyList<string> alertIds, CancellationToken cancellationToken = default) =>
        inner.Delivered(schoolId, upn, alertIds, cancellationToken);
}
