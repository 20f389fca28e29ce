using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Mlops.ServiceDefaults.Auth;

/// <summary>Answers a refused call before it reaches a service: a trailers-only gRPC status, or problem+json for HTTP.</summary>
internal static class CallRejection
{
    public static bool IsGrpc(HttpContext context) =>
        context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    public static async Task WriteAsync(HttpContext context, StatusCode grpcStatus, int httpStatus, string message, TimeSpan? retryAfter = null)
    {
        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = RetryAfter.Seconds(wait);
        }

        if (IsGrpc(context))
        {
            if (retryAfter is { } pushback)
            {
                // A trailers-only response: its headers are the trailers, where gRPC clients look for the pushback.
                context.Response.Headers[RetryAfter.PushbackTrailer] = RetryAfter.PushbackMilliseconds(pushback);
            }

            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = ((int)grpcStatus).ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            return;
        }

        context.Response.StatusCode = httpStatus;
        await Results.Problem(detail: message, statusCode: httpStatus).ExecuteAsync(context);
    }
}
