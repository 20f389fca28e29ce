using System.Globalization;
using Grpc.Core;

namespace Mlops.ServiceDefaults;

/// <summary>
/// How every refusal that asks the caller to come back later says when: the Retry-After value (whole seconds, at least
/// one) and the gRPC trailers `retry-after` and `grpc-retry-pushback-ms` (which gRPC clients' retry policies honour).
/// Overloaded queues and rate limits both answer through here.
/// </summary>
public static class RetryAfter
{
    public const string Trailer = "retry-after";
    public const string PushbackTrailer = "grpc-retry-pushback-ms";

    public static string Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    public static string PushbackMilliseconds(TimeSpan wait) => Math.Max(0L, (long)wait.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    public static Metadata Trailers(TimeSpan wait) => new()
    {
        { Trailer, Seconds(wait) },
        { PushbackTrailer, PushbackMilliseconds(wait) },
    };
}
