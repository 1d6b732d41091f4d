using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Attendance.Server.Hosting;

public static class HostileInput
{
    public const string GatePolicy = "gate";

    /// <summary>
    /// Body size limits and the gate's rate limit: a token bucket per school, so a stuck or hostile reader at one
    /// school cannot crowd out the others. Refusals are 413 and 429 problem details (<see cref="Api.StatusProblems"/>).
    /// </summary>
    public static WebApplicationBuilder AddInputLimits(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(LimitOptions.Section);
        var limits = section.Get<LimitOptions>() ?? new LimitOptions();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = limits.MaxBodyBytes);
        builder.Services.AddRateLimiter(rateLimiter =>
        {
            rateLimiter.AddPolicy(GatePolicy, http => RateLimitPartition.GetTokenBucketLimiter(
                http.GetRouteValue("schoolId") as string ?? "",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.GateBurst,
                    TokensPerPeriod = limits.GateArrivalsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                }));
            // The problem body is written like the framework's other refusals (Api/StatusProblems).
            rateLimiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            rateLimiter.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                return ValueTask.CompletedTask;
            };
        });
        return builder;
    }
}
