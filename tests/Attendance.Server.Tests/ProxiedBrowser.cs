using System.Net;

namespace Attendance.Server.Tests;

/// <summary>
/// A browser without a screen that reaches the attendance servers the way a school's devices do in a deployment:
/// through a TLS-terminating proxy at <see cref="Site"/> (https://127.0.0.1:port), which passes each request to the next
/// server in turn over plain HTTP with <c>X-Forwarded-Proto: https</c>, as nginx or an ingress does. It follows
/// redirects (to the identity provider and back) and keeps cookies as a browser does: per site, Secure ones only over
/// HTTPS. For what a page cannot show: the cookie's attributes, one session across servers.
/// </summary>
public sealed class ProxiedBrowser : IDisposable
{
    private readonly HttpClient http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private readonly IReadOnlyList<Uri> servers;
    private int next;

    /// <param name="servers">The servers behind the proxy, taken in turn (round robin, no sticky sessions).</param>
    public ProxiedBrowser(params Uri[] servers)
    {
        this.servers = servers;
        Site = new Uri($"https://127.0.0.1:{servers[0].Port}/");
    }

    /// <summary>The address the browser believes it talks to.</summary>
    public Uri Site { get; }

    public CookieContainer Cookies { get; } = new();

    /// <summary>The Set-Cookie headers the servers sent, as sent.</summary>
    public List<string> SetCookies { get; } = [];

    /// <summary>Signs in at the provider with the account's user name, starting at <c>/signin</c>; ends where the server sends the user.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string user, string returnUrl = "/")
    {
        var login = await GetAsync($"/signin?returnUrl={Uri.EscapeDataString(returnUrl)}");
        var authorize = login.RequestMessage!.RequestUri!;
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = user, ["returnUrl"] = authorize.PathAndQuery });
        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(authorize, "/login")) { Content = form });
    }

    public Task<HttpResponseMessage> GetAsync(string path, IReadOnlyDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Site, path));
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return SendAsync(request);
    }

    /// <summary>Sends the request, then follows redirects with GETs, as a browser does after a form post.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        for (var hops = 0; ; hops++)
        {
            var response = await SendOnce(request);
            if (response.Headers.Location is not { } location || (int)response.StatusCode is < 300 or > 399 || hops == 20)
            {
                return response;
            }

            request = new HttpRequestMessage(HttpMethod.Get, new Uri(request.RequestUri!, location));
        }
    }

    private async Task<HttpResponseMessage> SendOnce(HttpRequestMessage request)
    {
        var address = request.RequestUri!;
        if (Cookies.GetCookieHeader(address) is { Length: > 0 } cookies)
        {
            request.Headers.Add("Cookie", cookies);
        }

        var sent = address.Scheme == Uri.UriSchemeHttps && address.Authority == Site.Authority ? Proxied(request) : request;
        var response = await http.SendAsync(sent);
        foreach (var cookie in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            SetCookies.Add(cookie);
            Cookies.SetCookies(address, cookie);
        }

        response.RequestMessage = request; // where the browser believes it was
        return response;
    }

    /// <summary>What the proxy sends on: the same request over plain HTTP to the next server, saying it came over HTTPS.</summary>
    private HttpRequestMessage Proxied(HttpRequestMessage request)
    {
        var server = servers[next++ % servers.Count];
        var proxied = new HttpRequestMessage(request.Method, new UriBuilder(request.RequestUri!) { Scheme = Uri.UriSchemeHttp, Port = server.Port }.Uri)
        {
            Content = request.Content,
        };
        foreach (var (name, values) in request.Headers)
        {
            proxied.Headers.TryAddWithoutValidation(name, values);
        }

        proxied.Headers.Host ??= Site.Authority;
        proxied.Headers.Add("X-Forwarded-Proto", "https");
        proxied.Headers.Add("X-Forwarded-For", "192.0.2.10"); // the device's address, as the proxy saw it
        return proxied;
    }

    public void Dispose() => http.Dispose();
}
