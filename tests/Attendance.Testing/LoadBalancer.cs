using System.Diagnostics;
using System.Net.Sockets;

namespace Attendance.Testing;

/// <summary>
/// nginx with the configuration compose puts in front of its silos (<c>deploy/nginx.conf</c>), pointed at the silos of
/// a <see cref="LocalCluster"/> and listening on a free loopback port. Stopped on dispose.
/// </summary>
public sealed class LoadBalancer : IAsyncDisposable
{
    private readonly Process process;
    private readonly string directory;

    private LoadBalancer(Process process, string directory, Uri address)
    {
        this.process = process;
        this.directory = directory;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<LoadBalancer> StartAsync(LocalCluster cluster)
    {
        var directory = Directory.CreateTempSubdirectory("attendance-nginx-").FullName;

        // nginx's workers run as another user than its master (root here): they must reach the temporary files in
        // which they keep large request bodies (a roster) and answers.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        var port = Ports.Free();
        var site = File.ReadAllText(Repository.File("deploy/nginx.conf")).Replace("listen 80;", $"listen 127.0.0.1:{port};");
        foreach (var silo in cluster.Silos)
        {
            site = site.Replace($"server silo{silo.Number}:8080", $"server {silo.Address.Authority}");
        }

        File.WriteAllText(Path.Combine(directory, "site.conf"), site);
        File.WriteAllText(Path.Combine(directory, "nginx.conf"), $$"""
            daemon off;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log;
            events { worker_connections 4096; }
            http {
                access_log off;
                client_body_temp_path {{directory}}/body;
                proxy_temp_path {{directory}}/proxy;
                include {{directory}}/site.conf;
            }
            """);
        var start = new ProcessStartInfo(Binary(), ["-c", Path.Combine(directory, "nginx.conf"), "-p", directory]) { RedirectStandardError = true };
        var process = Process.Start(start)!;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return new LoadBalancer(process, directory, new Uri($"http://127.0.0.1:{port}"));
            }
            catch (SocketException) when (!process.HasExited)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException($"nginx did not start: {await process.StandardError.ReadToEndAsync()}");
    }

    private static string Binary() =>
        new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("nginx was not found (Debian: apt-get install nginx-light; .ci/run installs it).");

    public async ValueTask DisposeAsync()
    {
        process.Kill();
        await process.WaitForExitAsync();
        process.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
