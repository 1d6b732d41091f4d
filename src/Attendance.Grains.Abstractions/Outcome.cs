namespace Attendance.Grains.Abstractions;

/// <summary>
/// The answer to a request that may be refused: what it made or found, or why not (<see cref="Rejection"/>: then
/// nothing was changed). Every refusable grain method answers one; a route turns it into an HTTP result in one line
/// (Server's <c>OutcomeResults.ToResult</c>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Outcome<T>([property: Id(0)] T? Value, [property: Id(1)] Rejection? Rejection)
{
    public bool Accepted => Rejection is null;

    public static implicit operator Outcome<T>(T value) => new(value, null);

    /// <summary>Refused. A null rejection (e.g. a <c>Rejection?</c> converted unchecked) throws rather than becoming an accepted outcome.</summary>
    public static implicit operator Outcome<T>(Rejection rejection) => new(default, rejection ?? throw new ArgumentNullException(nameof(rejection)));
}

/// <summary>The answer to a refusable request that makes nothing to answer with: done, or why not.</summary>
[GenerateSerializer, Immutable]
public sealed record Outcome([property: Id(0)] Rejection? Rejection)
{
    public static Outcome Done { get; } = new((Rejection?)null);

    public bool Accepted => Rejection is null;

    /// <summary>Refused; use <see cref="Of"/> for a rejection that may be null.</summary>
    public static implicit operator Outcome(Rejection rejection) => new(rejection ?? throw new ArgumentNullException(nameof(rejection)));

    /// <summary>Done when <paramref name="rejection"/> is null.</summary>
    public static Outcome Of(Rejection? rejection) => rejection is null ? Done : new(rejection);
}
