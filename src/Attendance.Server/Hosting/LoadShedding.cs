using System.Diagnostics;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Attendance.Grains.Hosting;
using Attendance.Server.Http;

namespace Attendance.Server.Hosting;

/// <summary>
/// Load shedding for the marking endpoints. Under a surge above what the silo can answer (a trust's gates all
/// opening at once), queuing every request makes every acknowledgement slow (the storm at three times a silo's rate
/// queued to a p99 of seconds). Instead a silo works on <see cref="LoadSheddingOptions.InFlight"/> requests, lets others
/// wait their turn in order for at most <see cref="LoadSheddingOptions.MaxWait"/>, and refuses the rest at once with a
/// 503 problem and <c>Retry-After</c>. A refused request was refused before anything was done with it, so sending it
/// again is always safe; the accepted ones keep a bounded latency.
/// </summary>
public sealed class LoadShedding(IOptions<LoadSheddingOptions> options, AttendanceMetrics metrics) : IDisposable
{
    private readonly LoadSheddingOptions options = options.Value;
    private readonly ConcurrencyLimiter limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.Value.InFlight,
        QueueLimit = options.Value.QueueLimit,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    /// <summary>The request's turn, or null when it waited <see cref="LoadSheddingOptions.MaxWait"/> or the queue was full.</summary>
    public async ValueTask<RateLimitLease?> Enter(CancellationToken aborted)
    {
        var lease = limiter.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        deadline.CancelAfter(options.MaxWait);
        try
        {
            lease = await limiter.AcquireAsync(1, deadline.Token);
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            return null;
        }

        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        return null;
    }

    public IResult Refuse(HttpContext http, string endpoint)
    {
        metrics.Shed(endpoint);
        http.Response.Headers[HeaderNames.RetryAfter] = Math.Ceiling(options.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return Results.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "The service is busy",
            detail: $"This server has more marks in hand than it can answer promptly (a surge of registers and arrivals). Nothing was recorded: send it again in {Math.Ceiling(options.RetryAfter.TotalSeconds):0} s.",
            type: Http.Problems.Type("marking-busy"));
    }

    public bool Enabled => options.Enabled;

    public void Dispose() => limiter.Dispose();
}

/// <summary>Marks an endpoint as marking: let through (or shed) by <see cref="LoadShedding"/> and timed.</summary>
public sealed record MarkingEndpoint(string Name);

public static class MarkingEndpoints
{
    public static WebApplicationBuilder AddLoadShedding(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LoadShedding>();
        return builder;
    }

    public static RouteHandlerBuilder AsMarking(this RouteHandlerBuilder endpoint, string name) => endpoint.WithMetadata(new MarkingEndpoint(name));

    /// <summary>
    /// Lets marking requests through (or sheds them) once their sender is known (an unauthenticated request goes on to be refused by
    /// authorization and never takes a turn) and before anything else is done for them, so a refusal costs little;
    /// times each from here to its answer, the wait for its turn included (<c>attendance.marks.ack.duration</c>, by
    /// endpoint and status).
    /// </summary>
    public static IApplicationBuilder UseLoadShedding(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<MarkingEndpoint>() is not { } marking || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var shedding = context.RequestServices.GetRequiredService<LoadShedding>();
        using (var turn = shedding.Enabled ? await shedding.Enter(context.RequestAborted) : null)
        {
            if (shedding.Enabled && turn is null)
            {
                await shedding.Refuse(context, marking.Name).ExecuteAsync(context);
            }
            else
            {
                await next(context);
            }
        }

        context.RequestServices.GetRequiredService<AttendanceMetrics>().Acknowledged(Stopwatch.GetElapsedTime(started), marking.Name, context.Response.StatusCode);
    });
}
