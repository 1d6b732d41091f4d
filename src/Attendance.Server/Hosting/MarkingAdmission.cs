using System.Diagnostics;
using System.Globalization;
using System.Threading.RateLimiting;
using Attendance.Grains;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Attendance.Server.Hosting;

/// <summary>How many marking requests a silo works on at once, and how long others may wait (section "Attendance:Admission").</summary>
public sealed class AdmissionOptions
{
    public const string Section = "Attendance:Admission";

    /// <summary>Off: every marking request is taken and waits its turn however long the queue (what the storm measured before).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Marking requests (registers, marks, amendments, arrivals) the silo works on at once. More than the silo's
    /// cores can keep busy only lengthens each request: the storm sustains its highest rate at about 16-64.
    /// </summary>
    public int InFlight { get; set; } = 32;

    /// <summary>The longest a request waits for its turn before it is refused; this bounds an acknowledgement's wait.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Requests that may wait at once; beyond it a request is refused without waiting.</summary>
    public int QueueLimit { get; set; } = 2_000;

    /// <summary>What a refused client is told to wait before sending again (the register page and the gate do).</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// Admission control for the marking endpoints. Under a surge above what the silo can answer (a trust's gates all
/// opening at once), queuing every request makes every acknowledgement slow (the storm at three times a silo's rate
/// queued to a p99 of seconds). Instead a silo works on <see cref="AdmissionOptions.InFlight"/> requests, lets others
/// wait their turn in order for at most <see cref="AdmissionOptions.MaxWait"/>, and refuses the rest at once with a
/// 503 problem and <c>Retry-After</c>. A refused request was refused before anything was done with it, so sending it
/// again is always safe; the accepted ones keep a bounded latency.
/// </summary>
public sealed class MarkingAdmission(IOptions<AdmissionOptions> options, AttendanceMetrics metrics) : IDisposable
{
    private readonly AdmissionOptions options = options.Value;
    private readonly ConcurrencyLimiter limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.Value.InFlight,
        QueueLimit = options.Value.QueueLimit,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    /// <summary>The request's turn, or null when it waited <see cref="AdmissionOptions.MaxWait"/> or the queue was full.</summary>
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
        metrics.AdmissionRefused(endpoint);
        http.Response.Headers[HeaderNames.RetryAfter] = Math.Ceiling(options.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return Results.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "The service is busy",
            detail: $"This server has more marks in hand than it can answer promptly (a surge of registers and arrivals). Nothing was recorded: send it again in {Math.Ceiling(options.RetryAfter.TotalSeconds):0} s.",
            type: "urn:attendance:problem:marking-busy");
    }

    public bool Enabled => options.Enabled;

    public void Dispose() => limiter.Dispose();
}

/// <summary>Marks an endpoint as marking: admitted by <see cref="MarkingAdmission"/> and timed.</summary>
public sealed record MarkingEndpoint(string Name);

public static class MarkingEndpoints
{
    public static WebApplicationBuilder AddMarkingAdmission(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<AdmissionOptions>(builder.Configuration.GetSection(AdmissionOptions.Section));
        builder.Services.AddSingleton<MarkingAdmission>();
        return builder;
    }

    public static RouteHandlerBuilder AsMarking(this RouteHandlerBuilder endpoint, string name) => endpoint.WithMetadata(new MarkingEndpoint(name));

    /// <summary>
    /// Admits marking requests once their sender is known (an unauthenticated request goes on to be refused by
    /// authorization and never takes a turn) and before anything else is done for them, so a refusal costs little;
    /// times each from here to its answer, the wait for its turn included (<c>attendance.marks.ack.duration</c>, by
    /// endpoint and status).
    /// </summary>
    public static IApplicationBuilder UseMarkingAdmission(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<MarkingEndpoint>() is not { } marking || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var admission = context.RequestServices.GetRequiredService<MarkingAdmission>();
        using (var turn = admission.Enabled ? await admission.Enter(context.RequestAborted) : null)
        {
            if (admission.Enabled && turn is null)
            {
                await admission.Refuse(context, marking.Name).ExecuteAsync(context);
            }
            else
            {
                await next(context);
            }
        }

        context.RequestServices.GetRequiredService<AttendanceMetrics>().Acknowledged(Stopwatch.GetElapsedTime(started), marking.Name, context.Response.StatusCode);
    });
}
