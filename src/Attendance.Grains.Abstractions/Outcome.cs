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

    public static implicit operator Outcome<T>(Rejection rejection) => new(default, rejection);
}

/// <summary>The answer to a refusable request that makes nothing to answer with: done, or why not.</summary>
[GenerateSerializer, Immutable]
public sealed record Outcome([property: Id(0)] Rejection? Rejection)
{
    public static Outcome Done { get; } = new((Rejection?)null);

    public bool Accepted => Rejection is null;

    public static implicit operator Outcome(Rejection rejection) => new(rejection);

    /// <summary>Done when <paramref name="rejection"/> is null.</summary>
    public static Outcome Of(Rejection? rejection) => rejection is null ? Done : new(rejection);
}
