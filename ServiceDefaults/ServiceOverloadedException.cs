namespace Mlops.ServiceDefaults;

/// <summary>
/// Refused at once because the service is full: its bounded queue would make the request wait longer than a retry.
/// Every service's error policy answers it RESOURCE_EXHAUSTED (HTTP 503) with when to retry.
/// </summary>
public sealed class ServiceOverloadedException(string message, TimeSpan retryAfter) : Exception(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;

    /// <summary>The Retry-After header's value: whole seconds, at least one.</summary>
    public string RetryAfterSeconds => global::Mlops.ServiceDefaults.RetryAfter.Seconds(RetryAfter);
}
