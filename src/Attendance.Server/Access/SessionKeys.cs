using System.Security.Cryptography.X509Certificates;
using Attendance.Server.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Attendance.Server.Access;

/// <summary>
/// The keys that protect the pages' session cookies and the sign-in's correlation cookies (ASP.NET Core Data
/// Protection). With PostgreSQL they are one key ring for every silo (<see cref="PostgresKeyRing"/>): otherwise each pod
/// has its own keys, a cookie from one is unreadable on the next ("Correlation failed", or signed out), and every
/// restart signs everyone out. Where they are stored they are encrypted with the deployment's certificate, so someone
/// who reads the database cannot forge a session.
/// </summary>
public static class SessionKeys
{
    /// <summary>The same on every silo: cookies are protected for this application, whichever pod serves it.</summary>
    public const string ApplicationName = "attendance-orleans";

    public static WebApplicationBuilder AddSessionKeys(this WebApplicationBuilder builder, bool usePostgres)
    {
        var options = Options(builder);
        var protection = builder.Services.AddDataProtection().SetApplicationName(ApplicationName);
        if (usePostgres)
        {
            builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services =>
                new ConfigureOptions<KeyManagementOptions>(keys => keys.XmlRepository = new PostgresKeyRing(services.GetRequiredService<NpgsqlDataSource>())));
        }

        if (options.CertificatePath is { Length: > 0 } path)
        {
            protection.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword));
        }

        return builder;
    }

    /// <summary>
    /// Why this host must not start: session keys that would sit unencrypted in a shared database outside a developer's
    /// machine, where anyone who can read the database could make themselves a trust leader's session.
    /// </summary>
    public static string? Refusal(WebApplicationBuilder builder, bool usePostgres, SignInMode? mode) =>
        mode == SignInMode.Provider && usePostgres && !builder.Environment.IsDevelopment() && Options(builder).CertificatePath is not { Length: > 0 }
            ? "Attendance.Orleans will not start: the pages' session keys would be stored in PostgreSQL unencrypted. Set " +
              "DataProtection__CertificatePath to a PKCS#12 file (.pfx) with a certificate and its private key, and " +
              "DataProtection__CertificatePassword (docs/SECURITY.md, 'Deploying safely')."
            : null;

    private static SessionKeyOptions Options(WebApplicationBuilder builder) =>
        builder.Configuration.GetSection(SessionKeyOptions.Section).Get<SessionKeyOptions>() ?? new SessionKeyOptions();
}
