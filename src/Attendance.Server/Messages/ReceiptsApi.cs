using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Attendance.Grains.Abstractions;
using Attendance.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Attendance.Server.Messages;

/// <summary>
/// GOV.UK Notify's delivery receipts: Notify calls back once a text is delivered or has failed for good, with the
/// bearer token set on its callback page; the receipt finds the message by the reference it was sent with.
/// </summary>
public static class ReceiptsApi
{
    public static IEndpointRouteBuilder MapReceiptsApi(this IEndpointRouteBuilder app)
    {
        // Notify signs no one in: the shared token is its credential, checked here.
        app.MapPost("/api/messages/receipts/notify", Receive)
            .AllowAnonymous()
            .WithTags("Messages")
            .WithSummary("A delivery receipt from GOV.UK Notify (Authorization: Bearer the configured Messages:Notify:ReceiptToken)");
        return app;
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Receive(NotifyReceipt receipt, HttpRequest request, IOptions<NotifyOptions> notify, IGrainFactory grains)
    {
        if (!Authorised(request, notify.Value.ReceiptToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, type: Problems.Type("receipt-token-refused"), title: "Not a receipt from the text service",
                detail: "A delivery receipt must carry the token set as Messages:Notify:ReceiptToken (Authorization: Bearer …), the same as on the Notify service's callback page. Nothing was recorded.");
        }

        if (Result(receipt.Status) is not { } result)
        {
            return Problems.Invalid($"'{receipt.Status}' is not a delivery status Notify sends (delivered, permanent-failure, temporary-failure or technical-failure). Nothing was recorded.", "status");
        }

        var slash = receipt.Reference?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (slash <= 0)
        {
            return Problems.Invalid("The receipt's reference is not one this service sent a text with ({school}/{message}). Nothing was recorded.", "reference");
        }

        var (school, message) = (receipt.Reference![..slash], receipt.Reference[(slash + 1)..]);
        return await grains.GetGrain<IMessageOutboxGrain>(school).Receipt(message, new DeliveryReceipt(result, receipt.CompletedAt ?? receipt.SentAt ?? DateTimeOffset.UtcNow))
            ? TypedResults.NoContent()
            : Problems.NotFound(RejectionReason.UnknownRequest, $"No text '{message}' of school '{school}' was handed to the text service. Nothing was recorded.");
    }

    private static bool Authorised(HttpRequest request, string? token) =>
        token is { Length: > 0 }
        && request.Headers.Authorization.ToString() is { } header
        && header.StartsWith("Bearer ", StringComparison.Ordinal)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header["Bearer ".Length..]), Encoding.UTF8.GetBytes(token));

    private static DeliveryResult? Result(string? status) => status switch
    {
        "delivered" => DeliveryResult.Delivered,
        "permanent-failure" => DeliveryResult.PermanentFailure,
        "temporary-failure" => DeliveryResult.TemporaryFailure,
        "technical-failure" => DeliveryResult.TechnicalFailure,
        _ => null,
    };
}

/// <summary>A delivery receipt as GOV.UK Notify posts it (the fields this service reads).</summary>
public sealed record NotifyReceipt(
    string? Id,
    string? Reference,
    string? Status,
    [property: JsonPropertyName("sent_at")] DateTimeOffset? SentAt,
    [property: JsonPropertyName("completed_at")] DateTimeOffset? CompletedAt);
