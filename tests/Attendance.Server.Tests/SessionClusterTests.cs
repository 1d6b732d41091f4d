using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Attendance.Testing;
using Npgsql;

namespace Attendance.Server.Tests;

/// <summary>
/// Two server processes started as production starts them (the trust's identity provider, PostgreSQL, the session
/// key ring's certificate), behind a TLS proxy that sends each request to the next server with no sticky sessions:
/// a sign-in begun on one server completes on the other, and the session cookie works on both. The key ring lives
/// in the database encrypted with the certificate.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Cluster)]
public sealed class SessionClusterTests
{
    [Fact]
    public async Task A_session_signed_in_through_one_server_is_read_by_the_other_and_its_keys_are_stored_encrypted()
    {
        await using var provider = await TestIdentityProvider.StartAsync(() => TestIdentityProvider.Accounts("demo"));
        var database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        var certificate = Path.Combine(Directory.CreateTempSubdirectory("attendance-keys-").FullName, "data-protection.pfx");
        await File.WriteAllBytesAsync(certificate, Certificate("keys-password"));
        await using var cluster = await LocalCluster.StartAsync(database, 2, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Authentication__Development__Enabled"] = "false",
            ["Authentication__Authority"] = provider.Address.ToString(),
            ["Authentication__Audience"] = "attendance",
            ["Authentication__ClientId"] = TestIdentityProvider.ClientId,
            ["Authentication__ClientSecret"] = TestIdentityProvider.ClientSecret,
            ["Authentication__RequireHttps"] = "false", // the test's provider is on plain HTTP
            ["DataProtection__CertificatePath"] = certificate,
            ["DataProtection__CertificatePassword"] = "keys-password",
            ["Attendance__SeedDemoSchool"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
        });
        using var browser = new ProxiedBrowser([.. cluster.Silos.Select(s => s.Address)]);

        // /signin on the first server (the correlation cookie), the provider's callback on the second, then /api/me on
        // each in turn. (The silos run from the test's folder, which has no pages: the sign-in returns to the API.)
        var landed = await browser.SignInAsync("patel", "/api/me");
        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        for (var i = 0; i < 4; i++)
        {
            var me = await browser.GetAsync("/api/me");
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            Assert.Contains("Ms Patel", await me.Content.ReadAsStringAsync());
        }

        // HSTS outside development, for the proxy's public name.
        var health = await browser.GetAsync("/health/live", new Dictionary<string, string> { ["Host"] = "attendance.trust.example" });
        Assert.Contains("max-age=31536000", health.Headers.GetValues("Strict-Transport-Security").Single());

        var keys = await StoredKeys(database);
        Assert.NotEmpty(keys);
        Assert.All(keys, key =>
        {
            Assert.Contains("EncryptedData", key);
            Assert.DoesNotContain("<masterKey", key, StringComparison.Ordinal); // only inside the encrypted part
        });
    }

    private static async Task<List<string>> StoredKeys(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT xml FROM session_keys", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    /// <summary>A self-signed certificate with its private key, as an operator makes one with openssl (PKCS#12).</summary>
    private static byte[] Certificate(string password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=attendance-session-keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(10));
        return certificate.Export(X509ContentType.Pfx, password);
    }
}
