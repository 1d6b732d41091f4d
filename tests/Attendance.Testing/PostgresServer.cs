using Npgsql;

namespace Attendance.Testing;

/// <summary>
/// A real PostgreSQL server for the tests. Uses <c>ATTENDANCE_TEST_POSTGRES</c> (a connection string) when set;
/// otherwise starts a throw-away server with the machine's PostgreSQL binaries (<c>initdb</c>, <c>pg_ctl</c>) on a
/// free loopback port, as the <c>postgres</c> user when the tests run as root (PostgreSQL refuses to run as root),
/// and stops it when the test process exits. Each caller gets a fresh database.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<Task<PostgresServer>> Instance = new(StartAsync);
    private readonly string adminConnectionString;
    private readonly Func<string, Task>? control;

    private PostgresServer(string adminConnectionString, Func<string, Task>? control = null)
    {
        this.adminConnectionString = adminConnectionString;
        this.control = control;
    }

    public static Task<PostgresServer> SharedAsync() => Instance.Value;

    /// <summary>A server of the caller's own, always started here, which it may stop and start (outage tests).</summary>
    public static Task<PostgresServer> StartOwnAsync() => StartLocalAsync();

    /// <summary>Stops the server at once, as a crash does (<c>pg_ctl stop -m immediate</c>).</summary>
    public Task StopAsync() => Control("stop");

    public Task StartAgainAsync() => Control("start");

    /// <summary>Freezes the server and its backends (SIGSTOP), as a network partition looks from the service: connections stay open, nothing answers.</summary>
    public Task FreezeAsync() => Control("STOP");

    public Task ThawAsync() => Control("CONT");

    private Task Control(string action) => (control ?? throw new InvalidOperationException("Only a server started with StartOwnAsync can be stopped."))(action);

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"attendance_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>A backup of one database as an operator takes it: <c>pg_dump</c> in its custom format.</summary>
    public Task DumpAsync(string connectionString, string file) =>
        Command.RunAsync(Client("pg_dump"), ["--format=custom", "--no-owner", $"--file={file}", $"--dbname={Uri(connectionString)}"]);

    /// <summary>Restores a dump into a new, empty database (<c>pg_restore</c>) and returns its connection string.</summary>
    public async Task<string> RestoreAsync(string file)
    {
        var restored = await CreateDatabaseAsync();
        await Command.RunAsync(Client("pg_restore"), ["--no-owner", "--exit-on-error", $"--dbname={Uri(restored)}", file]);
        return restored;
    }

    private static string Uri(string connectionString)
    {
        var c = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgresql://{System.Uri.EscapeDataString(c.Username ?? "postgres")}{(c.Password is { Length: > 0 } p ? $":{System.Uri.EscapeDataString(p)}" : "")}@{c.Host}:{c.Port}/{c.Database}";
    }

    /// <summary>A PostgreSQL client program: beside the server binaries, or on PATH.</summary>
    private static string Client(string name)
    {
        var beside = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin", name)).FirstOrDefault(File.Exists)
            : null;
        return beside ?? name;
    }

    private static async Task<PostgresServer> StartAsync() =>
        Environment.GetEnvironmentVariable("ATTENDANCE_TEST_POSTGRES") is { Length: > 0 } given ? new PostgresServer(given) : await StartLocalAsync();

    private static async Task<PostgresServer> StartLocalAsync()
    {
        var bin = FindBinaries();
        RemoveStoppedServers();
        var dataDir = Path.Combine(Path.GetTempPath(), $"{DataDirPrefix}{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDir);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", ["postgres:postgres", dataDir], asPostgres: false);
        }

        var port = Ports.Free();
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"], asRoot);
        Task Control(string action) => action switch
        {
            "stop" => RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", dataDir, "-m", "immediate", "-w", "stop"], asRoot),
            "start" => RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", dataDir, "-l", Path.Combine(dataDir, "server.log"), "-w", "-t", "60",
                "-o", $"-p {port} -k {dataDir} -c listen_addresses=127.0.0.1 -c max_connections=300", "start"], asRoot),
            // The postmaster (first line of its pid file) and every backend it started.
            _ => Signal(action, File.ReadLines(Path.Combine(dataDir, "postmaster.pid")).First().Trim()),
        };

        await Control("start");

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            // A test may have stopped its own server already: stopping again fails, harmlessly.
            Control("stop").ContinueWith(_ => { }, TaskScheduler.Default).Wait(TimeSpan.FromSeconds(20));
            TryDelete(dataDir);
        };

        return new PostgresServer($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true", Control);
    }

    private const string DataDirPrefix = "attendance-pg-";

    /// <summary>
    /// Removes data folders of earlier test runs whose server has stopped (the test host may exit before cleaning up).
    /// Only folders untouched for half an hour: another test assembly starting at the same moment has a folder with
    /// no pid file yet while initdb writes it, and a test that stopped its own server to start it again has one too
    /// (seen: the server tests' start removed the grain tests' folder mid-initdb).
    /// </summary>
    private static void RemoveStoppedServers()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), $"{DataDirPrefix}*"))
        {
            if (!File.Exists(Path.Combine(dir, "postmaster.pid")) && Directory.GetLastWriteTimeUtc(dir) < DateTime.UtcNow.AddMinutes(-30))
            {
                TryDelete(dir);
            }
        }
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left in the temp folder; the next run removes it.
        }
    }

    private static string FindBinaries()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin"))
                : []);
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException(
                "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or in /usr/lib/postgresql/*/bin. " +
                "Install them (Debian: apt-get install postgresql) or set ATTENDANCE_TEST_POSTGRES to a connection string.");
    }


    private static async Task Signal(string signal, string postmaster)
    {
        await Command.RunAsync("pkill", [$"-{signal}", "-P", postmaster]);
        await Command.RunAsync("kill", [$"-{signal}", postmaster]);
    }

    private static Task RunAsync(string file, IReadOnlyList<string> arguments, bool asPostgres) => asPostgres
        ? Command.RunAsync("runuser", ["-u", "postgres", "--", file, .. arguments])
        : Command.RunAsync(file, arguments);
}

/// <summary>Reads straight from a test database, independent of the code under test.</summary>
public static class Database
{
    public static async Task<long> CountRows(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// What a refused request must not change: the legal register's lines, and the grain state rows with the sum of
    /// their versions (every write of a grain's state adds one).
    /// </summary>
    public static async Task<string> Fingerprint(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT count(*) FROM attendance_register), (SELECT count(*) FROM orleansstorage), (SELECT coalesce(sum(version), 0) FROM orleansstorage)",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return $"register lines {reader.GetInt64(0)}, state rows {reader.GetInt64(1)}, state versions {reader.GetInt64(2)}";
    }
}
