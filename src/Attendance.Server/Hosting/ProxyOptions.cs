namespace Attendance.Server.Hosting;

/// <summary>The reverse proxies (TLS ends there) whose forwarded headers this server believes (section "Proxy").</summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>
    /// Networks the proxies' requests come from, in CIDR notation (e.g. the ingress controller's pod network). Loopback
    /// is always believed; a request from anywhere else keeps its own scheme and address, whatever headers it sends.
    /// </summary>
    public string[] TrustedNetworks { get; set; } = [];
}
