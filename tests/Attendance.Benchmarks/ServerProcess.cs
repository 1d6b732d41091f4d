using Attendance.Server.Access;
using Attendance.Testing;

namespace Attendance.Benchmarks;

/// <summary>
/// The real server as separate processes on loopback, started by <c>deploy/local-cluster.sh</c> (one in-memory silo,
/// or N silos sharing PostgreSQL), so their CPU and memory are measured apart from the load generator.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly string SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private readonly LocalCluster cluster;

    private ServerProcess(LocalCluster cluster) => this.cluster = cluster;

    /// <summary>The first silo's HTTP address.</summary>
    public Uri Address => cluster.Silos[0].Address;

    public IReadOnlyList<Uri> Addresses => [.. cluster.Silos.Select(s => s.Address)];

    /// <param name="more">More settings, e.g. admission control off.</param>
    public static async Task<ServerProcess> StartAsync(string? connectionString, TimeSpan updateInterval, bool evaluate, int silos = 1, IReadOnlyDictionary<string, string>? more = null) =>
        new(await LocalCluster.StartAsync(connectionString, silos, new Dictionary<string, string>(more ?? new Dictionary<string, string>())
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Attendance__SeedDemoSchool"] = "false",
            ["Dashboard__UpdateInterval"] = updateInterval.ToString(),
            ["Logging__LogLevel__Default"] = "Warning",
            ["Alerts__EvaluateOnMark"] = evaluate.ToString(),
            ["Authentication__Development__SigningKey"] = SigningKey,

            // The storm measures the server, not the gate limit.
            ["Limits__GateArrivalsPerSecond"] = "1000000",
            ["Limits__GateBurst"] = "1000000",
        }));

    /// <summary>A client signed in (development sign-in) as the office, lead and senior leader of the given schools.</summary>
    public HttpClient ClientFor(IEnumerable<string> schoolIds, Uri? address = null)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = address ?? Address, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", TokenFor(schoolIds));
        return http;
    }

    public string TokenFor(IEnumerable<string> schoolIds, params StaffRole[] roles)
    {
        var signIn = new DevelopmentSignIn(Microsoft.Extensions.Options.Options.Create(new SignInOptions { Development = { SigningKey = SigningKey } }), TimeProvider.System);
        return signIn.Issue(StaffUser.Of(
            "Benchmark", "Attendance officer", roles.Length > 0 ? roles : [StaffRole.AttendanceOfficer, StaffRole.AttendanceLead, StaffRole.SeniorLeader], schools: [.. schoolIds]));
    }

    /// <summary>
    /// Messages the silos sent each other so far (Orleans' <c>orleans-messaging-sent-messages-size</c> histogram
    /// counts every message sent over a connection; silo-to-silo ones are those between silos), read from each
    /// silo's Prometheus endpoint with a trust leader's token.
    /// </summary>
    public async Task<long> SiloToSiloMessages()
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", TokenFor([], StaffRole.TrustLeader));
        long total = 0;
        foreach (var silo in cluster.Silos)
        {
            var text = await http.GetStringAsync(new Uri(silo.Address, "/metrics"));
            total += text.Split('\n')
                .Where(l => l.StartsWith("orleans_messaging_sent_messages_size", StringComparison.Ordinal) && l.Contains("_count{", StringComparison.Ordinal)
                    && l.Contains("SiloToSilo", StringComparison.Ordinal))
                .Sum(l => (long)double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        }

        return total;
    }

    /// <summary>All silos together.</summary>
    public long WorkingSetBytes => cluster.Silos.Sum(s => s.WorkingSetBytes);

    public TimeSpan CpuTime => TimeSpan.FromTicks(cluster.Silos.Sum(s => s.CpuTime.Ticks));

    public ValueTask DisposeAsync() => cluster.DisposeAsync();
}
