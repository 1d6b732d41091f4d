using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Attendance.Server.Tests;

/// <summary>
/// GOV.UK Notify's text API served in the test, on Kestrel: <c>POST /v2/notifications/sms</c> as Notify documents it
/// (a JWT signed with the key's secret, issued by the service id; a 201 with the notification; a 400 ValidationError
/// for a number that is not a UK mobile), and Notify's delivery receipts sent to the service's callback with its token.
/// </summary>
public sealed class TestNotifyService : IAsyncDisposable
{
    public const string ReceiptToken = "notify-callback-token-for-the-test";
    public static readonly string ServiceId = Guid.NewGuid().ToString();
    public static readonly string Secret = Guid.NewGuid().ToString();
    public static readonly string TemplateId = Guid.NewGuid().ToString();

    private WebApplication app = null!;

    private TestNotifyService()
    {
    }

    /// <summary>Numbers Notify refuses as not UK mobiles.</summary>
    public ConcurrentBag<string> NotMobiles { get; } = [];

    /// <summary>Every number Notify refused, once per request.</summary>
    public ConcurrentQueue<string> Refused { get; } = new();

    /// <summary>The service is in trial mode: Notify refuses every text to a number not on its team.</summary>
    public bool TrialMode { get; set; }

    /// <summary>Every text Notify accepted: the request's JSON.</summary>
    public ConcurrentQueue<JsonObject> Texts { get; } = new();

    public Uri Address => app.Address();

    /// <summary>The settings that send the server's texts here.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Messages:Notify:ApiKey"] = $"attendance_test-{ServiceId}-{Secret}",
        ["Messages:Notify:SmsTemplateId"] = TemplateId,
        ["Messages:Notify:BaseUrl"] = Address.ToString(),
        ["Messages:Notify:ReceiptToken"] = ReceiptToken,
    };

    public static async Task<TestNotifyService> StartAsync()
    {
        var notify = new TestNotifyService();
        notify.app = await LoopbackApp.StartAsync(app => app.MapPost("/v2/notifications/sms", notify.Sms));
        return notify;
    }

    /// <summary>Notify's delivery receipt for a text it accepted, posted to the service's callback as Notify does.</summary>
    public static async Task<HttpResponseMessage> Receipt(Uri service, JsonObject text, string status, string token = ReceiptToken)
    {
        using var http = new HttpClient { BaseAddress = service };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages/receipts/notify")
        {
            Content = JsonContent.Create(new Dictionary<string, object?>
            {
                ["id"] = text["id"]!.GetValue<string>(),
                ["reference"] = text["reference"]?.GetValue<string>(),
                ["to"] = text["phone_number"]!.GetValue<string>(),
                ["status"] = status,
                ["created_at"] = "2026-11-10T09:30:00.000000Z",
                ["completed_at"] = "2026-11-10T09:31:00.000000Z",
                ["sent_at"] = "2026-11-10T09:30:05.000000Z",
                ["notification_type"] = "sms",
                ["template_id"] = TemplateId,
                ["template_version"] = 1,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }

    private async Task<IResult> Sms(HttpRequest request)
    {
        if (!SignedByTheService(request.Headers.Authorization.ToString()))
        {
            return Error(403, "AuthError", "Invalid token: signature, api token not found");
        }

        var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
        var number = body["phone_number"]?.GetValue<string>() ?? "";
        if (body["template_id"]?.GetValue<string>() != TemplateId)
        {
            return Error(400, "BadRequestError", "Template not found");
        }

        if (NotMobiles.Contains(number))
        {
            Refused.Enqueue(number);
            return Error(400, "ValidationError", "phone_number Not a UK mobile number");
        }

        if (TrialMode)
        {
            Refused.Enqueue(number);
            return Error(400, "BadRequestError", "Can't send to this recipient when service is in trial mode - see https://www.notifications.service.gov.uk/trial-mode");
        }

        var id = Guid.NewGuid().ToString();
        body["id"] = id;
        Texts.Enqueue(body);
        var content = body["personalisation"]!["body"]!.GetValue<string>();
        return Results.Json(new
        {
            id,
            reference = body["reference"]?.GetValue<string>(),
            content = new { body = content, from_number = "SCHOOL" },
            uri = $"{Address}v2/notifications/{id}",
            template = new { id = TemplateId, version = 1, uri = $"{Address}v2/template/{TemplateId}" },
        }, statusCode: 201);
    }

    /// <summary>A JWT (HS256) signed with the key's secret, issued by the service, at most 30 seconds old, as Notify checks.</summary>
    private static bool SignedByTheService(string authorization)
    {
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || authorization[7..].Split('.') is not [var header, var payload, var signature])
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.ASCII.GetBytes($"{header}.{payload}"));
        var claims = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(payload)).RootElement;
        return CryptographicOperations.FixedTimeEquals(expected, System.Buffers.Text.Base64Url.DecodeFromChars(signature))
            && claims.GetProperty("iss").GetString() == ServiceId
            && Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - claims.GetProperty("iat").GetDouble()) <= 30;
    }

    private static IResult Error(int status, string error, string message) =>
        Results.Json(new { status_code = status, errors = new[] { new { error, message } } }, statusCode: status);

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
