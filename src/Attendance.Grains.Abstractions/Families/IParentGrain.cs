using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>
/// A parent account, keyed by its e-mail address in lower case: the children whose contacts carry that address, at
/// every school of the trust. Each school's roster import says which of its pupils they are.
/// </summary>
public interface IParentGrain : IPushRecipientsGrain
{
    /// <summary>This school's pupils linked to the account (an empty list unlinks every one of them).</summary>
    Task SetChildren(string schoolId, IReadOnlyList<string> upns);

    /// <summary>
    /// The linked pupils, for the account signed in with the address: the first account to ask keeps the address, and
    /// any other account (another provider, or a new account claiming the same address) gets null.
    /// </summary>
    /// <param name="account">The identity provider's issuer and subject.</param>
    Task<IReadOnlyList<ChildLink>?> ChildrenOf(string account);

    /// <summary>
    /// Lets the next account to sign in with the address keep it (the parent moved to a new account; the office
    /// checked). The old account's devices stop getting notifications.
    /// </summary>
    Task ForgetAccount();

    /// <summary>
    /// Turns notifications on for one of the parent's phones or computers (its browser's push subscription; the same
    /// endpoint again replaces its keys). A parent keeps at most <see cref="PushDevice.MostPerParent"/>: the oldest goes.
    /// </summary>
    Task AddDevice(PushDevice device);

    /// <summary>Whether any of this school's pupils is linked to the address.</summary>
    [ReadOnly]
    Task<bool> HasChildrenAt(string schoolId);
}
