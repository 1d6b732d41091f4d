using System.Buffers.Binary;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Attendance.Server.Tests;

/// <summary>
/// A browser's push service served in the test (RFC 8030 on Kestrel), with the browser's side of each subscription:
/// it takes a notification only with a valid VAPID token (RFC 8292: ES256, signed by the key the service gives,
/// for this origin, not expired) and decrypts it with the device's own keys (RFC 8291, aes128gcm), as the browser
/// would. A device can be made gone, so its push service answers 410.
/// </summary>
public sealed class TestPushService : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Device> devices = new();
    private WebApplication app = null!;

    private TestPushService()
    {
    }

    public Uri Address => app.Address();

    /// <summary>The settings that let subscriptions here be used, with the service's VAPID key pair.</summary>
    public IReadOnlyDictionary<string, string> Settings(string publicKey, string privateKey) => new Dictionary<string, string>
    {
        ["Messages:Push:PublicKey"] = publicKey,
        ["Messages:Push:PrivateKey"] = privateKey,
        ["Messages:Push:Subject"] = "mailto:attendance@school.example",
        ["Messages:Push:Services:0"] = Address.ToString(),
    };

    public static async Task<TestPushService> StartAsync()
    {
        var push = new TestPushService();
        push.app = await LoopbackApp.StartAsync(app => app.MapPost("/push/{device}", push.Receive));
        return push;
    }

    /// <summary>A new device's subscription: what the browser's <c>PushSubscription.toJSON()</c> gives.</summary>
    public (string Endpoint, object Json) Subscribe(string vapidPublicKey)
    {
        var device = new Device(vapidPublicKey);
        var endpoint = $"{Address}push/{Guid.NewGuid():N}";
        devices[endpoint] = device;
        return (endpoint, new { endpoint, keys = new { p256dh = Base64Url.EncodeToString(device.PublicKey), auth = Base64Url.EncodeToString(device.Auth) } });
    }

    /// <summary>The notifications the device decrypted, in order.</summary>
    public IReadOnlyList<JsonObject> Received(string endpoint) => [.. devices[endpoint].Received];

    /// <summary>The browser dropped the subscription: its push service answers 410 Gone from now on.</summary>
    public void Drop(string endpoint) => devices[endpoint].Gone = true;

    private async Task<IResult> Receive(HttpRequest request)
    {
        if (!devices.TryGetValue($"{request.Scheme}://{request.Host}{request.Path}", out var device))
        {
            return Results.NotFound();
        }

        if (device.Gone)
        {
            return Results.StatusCode(410);
        }

        if (!VapidValid(request.Headers.Authorization.ToString(), device.VapidPublicKey, $"{request.Scheme}://{request.Host.Host}")
            || request.Headers.ContentEncoding != "aes128gcm" || !request.Headers.ContainsKey("TTL"))
        {
            return Results.Unauthorized();
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        device.Received.Enqueue(JsonNode.Parse(device.Decrypt(body.ToArray()))!.AsObject());
        return Results.StatusCode(201);
    }

    /// <summary><c>vapid t=JWT, k=key</c>: the key is the service's, the JWT signed by it (ES256) for this origin and not expired.</summary>
    private static bool VapidValid(string authorization, string vapidPublicKey, string origin)
    {
        var parts = authorization.StartsWith("vapid ", StringComparison.Ordinal)
            ? authorization[6..].Split(',').Select(p => p.Trim().Split('=', 2)).ToDictionary(p => p[0], p => p[1])
            : [];
        if (parts.GetValueOrDefault("k") != vapidPublicKey || parts.GetValueOrDefault("t")?.Split('.') is not [var header, var payload, var signature])
        {
            return false;
        }

        var key = Base64Url.DecodeFromChars(vapidPublicKey);
        using var ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = key[1..33], Y = key[33..] } });
        var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(payload)).RootElement;
        return ecdsa.VerifyData(Encoding.ASCII.GetBytes($"{header}.{payload}"), Base64Url.DecodeFromChars(signature), HashAlgorithmName.SHA256)
            && claims.GetProperty("aud").GetString() == origin
            && claims.GetProperty("exp").GetInt64() > DateTimeOffset.UtcNow.ToUnixTimeSeconds()
            && claims.GetProperty("sub").GetString()!.StartsWith("mailto:", StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    /// <summary>The browser's side of a subscription: its P-256 key pair and auth secret.</summary>
    private sealed class Device(string vapidPublicKey)
    {
        private readonly ECDiffieHellman key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);

        public string VapidPublicKey { get; } = vapidPublicKey;

        public byte[] Auth { get; } = RandomNumberGenerator.GetBytes(16);

        public byte[] PublicKey => [0x04, .. key.ExportParameters(false).Q.X!, .. key.ExportParameters(false).Q.Y!];

        public ConcurrentQueue<JsonObject> Received { get; } = new();

        public volatile bool Gone;

        /// <summary>RFC 8291 §3.4 and RFC 8188: one aes128gcm record, keyed from ECDH with the sender's key and the auth secret.</summary>
        public string Decrypt(byte[] message)
        {
            var salt = message[..16];
            var idLength = message[20];
            var senderKey = message[21..(21 + idLength)];
            var cipherText = message[(21 + idLength)..];
            Assert.True(BinaryPrimitives.ReadUInt32BigEndian(message.AsSpan(16, 4)) >= cipherText.Length, "one record holds the whole notification");

            using var sender = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = senderKey[1..33], Y = senderKey[33..] } });
            var shared = key.DeriveRawSecretAgreement(sender.PublicKey);
            var ikm = HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 32, Auth, [.. "WebPush: info\0"u8, .. PublicKey, .. senderKey]);
            var prk = HKDF.Extract(HashAlgorithmName.SHA256, ikm, salt);
            var cek = HKDF.Expand(HashAlgorithmName.SHA256, prk, 16, "Content-Encoding: aes128gcm\0"u8.ToArray());
            var nonce = HKDF.Expand(HashAlgorithmName.SHA256, prk, 12, "Content-Encoding: nonce\0"u8.ToArray());

            var plain = new byte[cipherText.Length - 16];
            using var aes = new AesGcm(cek, 16);
            aes.Decrypt(nonce, cipherText[..^16], cipherText[^16..], plain);
            var end = Array.LastIndexOf(plain, (byte)0x02); // the last record's padding delimiter
            return Encoding.UTF8.GetString(plain, 0, end);
        }
    }
}
