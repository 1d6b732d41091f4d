using Microsoft.AspNetCore.HttpOverrides;

namespace Attendance.Server.Hosting;

public static class ProxySetup
{
    /// <summary>
    /// Behind the trust's TLS proxy: the scheme and client address the proxy forwards (so the session cookie is
    /// Secure and the sign-in's return address is https), and HSTS outside development (browsers then never try
    /// plain HTTP again for a year).
    /// </summary>
    public static WebApplicationBuilder AddProxySupport(this WebApplicationBuilder builder)
    {
        var proxy = builder.Configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new ProxyOptions();
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var network in proxy.TrustedNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        builder.Services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));
        return builder;
    }

    public static WebApplication UseProxySupport(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        return app;
    }
}
