using Attendance.Server.Access;
using Attendance.Testing;

namespace Attendance.Benchmarks;

/// <summary>
/// The real server as separate processes on loopback, started by <c>deploy/local-cluster.sh</c> (one in-memory silo,
/// or N silos sharing PostgreSQL), so their CPU and memory are measured apart from the load generator. Several silos
/// are reached as deployed: through nginx with <c>deploy/nginx.conf</c> (a school's requests to one silo).
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly string SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private readonly LocalCluster cluster;
    private readonly LoadBalancer? balancer;

    private ServerProcess(LocalCluster cluster, LoadBalancer? balancer) => (this.cluster, this.balancer) = (cluster, balancer);

    /// <summary>The first silo's HTTP address.</summary>
    public Uri Address => cluster.Silos[0].Address;

    /// <summary>Where clients send requests: the balancer in front of several silos, or the one silo.</summary>
    public Uri EntryPoint => balancer?.Address ?? Address;

    /// <param name="more">More settings, e.g. admission control off.</param>
    /// <param name="morning">Set the school clock to <see cref="Storm.MorningStorm.ClockStart"/>, so the storm's marks, lates and closes happen as on a real morning whenever it runs.</param>
    public static async Task<ServerProcess> StartAsync(
        string? connectionString, TimeSpan updateInterval, bool evaluate, int silos = 1, IReadOnlyDictionary<string, string>? more = null, bool morning = false)
    {
        // Behind nginx, which sends a school's requests to one silo, as compose deploys it (and sets the affinity).
        IEnumerable<KeyValuePair<string, string>> affinity = silos > 1 ? [new("Attendance__SchoolAffinity", "true")] : [];
        var cluster = await Cluster(connectionString, updateInterval, evaluate, silos, (more ?? new Dictionary<string, string>()).Concat(affinity).ToDictionary(), morning);
        return new(cluster, silos > 1 ? await LoadBalancer.StartAsync(cluster) : null);
    }

    private static Task<LocalCluster> Cluster(
        string? connectionString, TimeSpan updateInterval, bool evaluate, int silos, IReadOnlyDictionary<string, string>? more, bool morning) =>
        LocalCluster.StartAsync(connectionString, silos, new Dictionary<string, string>(
            (more ?? new Dictionary<string, string>()).Concat(morning ? [new("Attendance__SchoolClockStart", Storm.MorningStorm.ClockStart.ToString("O"))] : []))
        {
            ["Attendance__SeedDemoSchool"] = "false",
            ["Dashboard__UpdateInterval"] = updateInterval.ToString(),
            ["Logging__LogLevel__Default"] = "Warning",
            ["Alerts__EvaluateOnMark"] = evaluate.ToString(),
            ["Authentication__Development__SigningKey"] = SigningKey,

            // The storm measures the server, not the gate limit.
            ["Limits__GateArrivalsPerSecond"] = "1000000",
            ["Limits__GateBurst"] = "1000000",
        });

    /// <summary>
    /// Connections a load generator's client may open to one server: far more than a server works on at once, so a
    /// surge queues (or is refused) in the server, as it would with a trust's many gate readers and screens, and not
    /// in the generator's own connection pool.
    /// </summary>
    public const int ClientConnections = 2048;

    /// <summary>
    /// A client signed in (development sign-in) as the office, lead and senior leader of the given schools, sending to
    /// the entry point: with several silos, a school's set-up lands where its marks will, as it does when deployed.
    /// </summary>
    public HttpClient ClientFor(IEnumerable<string> schoolIds, Uri? address = null)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = ClientConnections }) { BaseAddress = address ?? EntryPoint, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", TokenFor(schoolIds));
        return http;
    }

    public string TokenFor(IEnumerable<string> schoolIds, params StaffRole[] roles) => TokenFor(StaffUser.Of(
        "Benchmark", "Attendance officer", roles.Length > 0 ? roles : [StaffRole.AttendanceOfficer, StaffRole.AttendanceLead, StaffRole.SeniorLeader], schools: [.. schoolIds]));

    /// <summary>A token for any member of staff (e.g. a subject teacher with their staff code).</summary>
    public string TokenFor(StaffUser user) =>
        new DevelopmentSignIn(Microsoft.Extensions.Options.Options.Create(new SignInOptions { Development = { SigningKey = SigningKey } }), TimeProvider.System).Issue(user);

    /// <summary>
    /// Messages the silos sent each other so far (Orleans' <c>orleans-messaging-sent-messages-size</c> histogram
    /// counts every message sent over a connection; silo-to-silo ones are those between silos), read from each
    /// silo's Prometheus endpoint with a trust leader's token.
    /// </summary>
    public async Task<long> SiloToSiloMessages()
    {
        long total = 0;
        foreach (var silo in cluster.Silos)
        {
            var text = await Scrape(silo.Address);
            total += text.Split('\n')
                .Where(l => l.StartsWith("orleans_messaging_sent_messages_size", StringComparison.Ordinal) && l.Contains("_count{", StringComparison.Ordinal)
                    && l.Contains("SiloToSilo", StringComparison.Ordinal))
                .Sum(l => (long)double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        }

        return total;
    }

    /// <summary>A metric from the first silo's Prometheus endpoint: the sum of its series (every label set).</summary>
    public async Task<double> Metric(string name) => (await Series(name)).Sum(s => s.Value);

    /// <summary>A histogram's cumulative bucket counts by upper bound, summed over the series whose labels contain <paramref name="label"/>.</summary>
    public async Task<SortedDictionary<double, double>> Buckets(string name, string label)
    {
        var buckets = new SortedDictionary<double, double>();
        foreach (var (labels, value) in await Series($"{name}_bucket"))
        {
            if (labels.Contains(label, StringComparison.Ordinal))
            {
                var le = labels[(labels.IndexOf("le=\"", StringComparison.Ordinal) + 4)..labels.LastIndexOf('"')];
                var bound = le == "+Inf" ? double.PositiveInfinity : double.Parse(le, System.Globalization.CultureInfo.InvariantCulture);
                buckets[bound] = buckets.GetValueOrDefault(bound) + value;
            }
        }

        return buckets;
    }

    private async Task<List<(string Labels, double Value)>> Series(string name) => await Series(Address, name);

    private async Task<List<(string Labels, double Value)>> Series(Uri silo, string name) => Series(await Scrape(silo), name);

    /// <summary>A silo's Prometheus endpoint, read once with a trust leader's token.</summary>
    private async Task<string> Scrape(Uri silo)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", TokenFor([], StaffRole.TrustLeader));
        return await http.GetStringAsync(new Uri(silo, "/metrics"));
    }

    private static List<(string Labels, double Value)> Series(string metrics, string name) =>
        [.. metrics.Split('\n')
            .Where(l => l.StartsWith(name, StringComparison.Ordinal) && l.Length > name.Length && l[name.Length] is '{' or ' ')
            .Select(l => (l[name.Length..l.LastIndexOf(' ')], double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)))];

    /// <summary>
    /// Orleans' own counts so far, all silos together: request/response calls answered (<c>orleans-app-requests-latency</c>,
    /// counted by the caller, from the HTTP layer or a grain) and one-way messages grains received
    /// (<c>orleans-messaging-processing-dispatcher-received</c>); and the journal's group commits and the lines they held.
    /// </summary>
    public async Task<Storm.ServiceCounts> ServiceCounts()
    {
        double calls = 0, oneWay = 0, commits = 0, lines = 0;
        foreach (var silo in cluster.Silos)
        {
            var metrics = await Scrape(silo.Address); // one reading, so a histogram's count and sum agree
            commits += Series(metrics, "attendance_journal_batch_size_count").Sum(s => s.Value);
            lines += Series(metrics, "attendance_journal_batch_size_sum").Sum(s => s.Value);
            calls += Series(metrics, "orleans_app_requests_latency_milliseconds_count").Sum(s => s.Value);
            oneWay += Series(metrics, "orleans_messaging_processing_dispatcher_received_total")
                .Where(s => s.Labels.Contains("Context=\"Grain\"", StringComparison.Ordinal) && s.Labels.Contains("Direction=\"OneWay\"", StringComparison.Ordinal))
                .Sum(s => s.Value);
        }

        return new(calls, oneWay, commits, lines);
    }

    public IReadOnlyList<int> ProcessIds => [.. cluster.Silos.Select(s => s.Pid)];

    /// <summary>All silos together.</summary>
    public long WorkingSetBytes => cluster.Silos.Sum(s => s.WorkingSetBytes);

    /// <summary>All silos together, and nginx in front of them (part of what a mark costs when deployed so).</summary>
    public TimeSpan CpuTime => TimeSpan.FromTicks(cluster.Silos.Sum(s => s.CpuTime.Ticks)) + (balancer is null ? TimeSpan.Zero : Storm.ProcessFigures.Cpu("nginx"));

    public async ValueTask DisposeAsync()
    {
        if (balancer is not null)
        {
            await balancer.DisposeAsync();
        }

        await cluster.DisposeAsync();
    }
}
