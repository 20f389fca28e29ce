namespace Mlops.Client;

/// <summary>What an <see cref="AdaptiveThrottle"/> saw within its window.</summary>
/// <param name="Requests">Every request the caller made, including those turned away.</param>
/// <param name="Accepted">Requests the service answered (any status but a refusal).</param>
/// <param name="TurnedAway">Requests the throttle rejected itself, never sent.</param>
public readonly record struct AdaptiveThrottleCounts(long Requests, long Accepted, long TurnedAway);
