using Attendance.Grains.Abstractions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.Server.Http;

/// <summary>A grain's <see cref="Outcome{T}"/> as an HTTP answer in one line: what it made, or the refusal's problem.</summary>
public static class OutcomeResults
{
    public static Results<Ok<T>, ProblemHttpResult> ToResult<T>(this Outcome<T> outcome) =>
        outcome.Rejection is { } refused ? refused.ToProblem() : TypedResults.Ok(outcome.Value!);

    /// <summary>The value answered as <paramref name="done"/> says (e.g. 201 Created), or the problem.</summary>
    public static Results<TResult, ProblemHttpResult> ToResult<T, TResult>(this Outcome<T> outcome, Func<T, TResult> done)
        where TResult : IResult =>
        outcome.Rejection is { } refused ? refused.ToProblem() : done(outcome.Value!);

    public static Results<NoContent, ProblemHttpResult> ToResult(this Outcome outcome) =>
        outcome.Rejection is { } refused ? refused.ToProblem() : TypedResults.NoContent();

    /// <summary>Done answered as <paramref name="done"/> says (e.g. 200 with what was saved, or 201 Created), or the problem.</summary>
    public static IResult ToResult(this Outcome outcome, Func<IResult> done) =>
        outcome.Rejection is { } refused ? refused.ToProblem() : done();

    public static async Task<Results<Ok<T>, ProblemHttpResult>> ToResult<T>(this Task<Outcome<T>> outcome) => (await outcome).ToResult();
}
