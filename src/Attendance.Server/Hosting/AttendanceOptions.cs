namespace Attendance.Server.Hosting;

/// <summary>The service's settings (section "Attendance"; environment variables <c>Attendance__Name</c>).</summary>
public sealed class AttendanceOptions
{
    public const string Section = "Attendance";

    /// <summary>Orleans cluster id: silos sharing a database and this id form one cluster.</summary>
    public string ClusterId { get; set; } = "attendance";

    /// <summary>Orleans service id: the key grain state is stored under. Keep it stable across deployments.</summary>
    public string ServiceId { get; set; } = "attendance";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients reach this silo on (with PostgreSQL clustering). Defaults to this host's first address.</summary>
    public string? AdvertisedIPAddress { get; set; }

    /// <summary>
    /// Apply the schema in deploy/sql at start-up (with PostgreSQL). Turn off where a migration step applies it and the
    /// service's database user may not change tables (deploy/compose.yaml does this).
    /// </summary>
    public bool ApplySchema { get; set; } = true;

    /// <summary>
    /// The most connections a silo opens per pool (it has two: Orleans' storage, membership and reminders; the legal
    /// register), unless the connection string sets <c>Maximum Pool Size</c>. PostgreSQL's <c>max_connections</c> must
    /// exceed silos x 2 x this.
    /// </summary>
    public int DatabaseConnections { get; set; } = 16;

    /// <summary>
    /// How long a connection or a command may wait on the database before the request fails (503, with
    /// <c>Retry-After</c>), unless the connection string sets <c>Timeout</c> or <c>Command Timeout</c> itself.
    /// </summary>
    public TimeSpan DatabaseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Run under Orleans' Kubernetes hosting (with PostgreSQL): ids, name and address come from the pod.</summary>
    public bool Kubernetes { get; set; }

    /// <summary>
    /// Orleans' own dashboard at <c>/orleans-dashboard</c>, for trust leaders (the deployment's administrators). Off by
    /// default: it profiles every grain call, which costs CPU on every mark.
    /// </summary>
    public bool OrleansDashboard { get; set; }

    /// <summary>
    /// Place a school's grains on the silo its requests reach, for a balancer that sends each school's requests to one
    /// silo (deploy/nginx.conf hashes the school in the path). Off: they are placed by hashing the school's id over the
    /// silos whichever silo a request reaches, which suits any balancer (e.g. a Kubernetes Service) at the cost of a hop
    /// between silos for the requests that reach another silo.
    /// </summary>
    public bool SchoolAffinity { get; set; }

    /// <summary>How long a stopping silo may take to hand its work to the others before the process exits.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Seed the generated demo school at start-up. Defaults to on without a database, off with one.</summary>
    public bool? SeedDemoSchool { get; set; }

    /// <summary>How many times faster than real time the demo school's session is played (20: a morning in about 4 minutes).</summary>
    public double DemoSpeed { get; set; } = 20;

    /// <summary>
    /// Starts the school clock (register windows, sessions, follow-up) at this instant and runs it at real speed from
    /// there, so a benchmark's morning is a morning whatever the hour it runs at. A developer's machine only: the server
    /// refuses to start with it elsewhere, as the register must record real times.
    /// </summary>
    public DateTimeOffset? SchoolClockStart { get; set; }
}
