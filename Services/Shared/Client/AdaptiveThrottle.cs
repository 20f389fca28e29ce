using Grpc.Core;

namespace Mlops.Client;

/// <summary>
/// Client-side adaptive throttling, as in Google's SRE book ("Handling Overload"). Refusing a request costs an
/// overloaded service nearly as much as answering it, so past twice its capacity it would spend everything on
/// refusals. Each client therefore counts, over a sliding window, the requests it made and those the service
/// accepted, and turns a new request away itself with probability max(0, (requests − K · accepted) / (requests + 1)).
/// The service then receives about K times what it can answer, and the excess never leaves the caller.
/// While the service refuses nothing the probability is zero: a healthy service sees every request.
/// <para>
/// Counting turned-away requests keeps the probability up while the overload lasts, but would also keep it up after:
/// the share sent grows only K-fold per window. So without a refusal in the window the probability is zero, and a
/// service that recovers gets every request again once its last refusal is a window old.
/// </para>
/// </summary>
public sealed class AdaptiveThrottle
{
    private readonly double _multiplier;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly Func<double> _random;
    private readonly long _ticksPerBucket;
    private readonly Bucket[] _buckets;
    private readonly Lock _gate = new();
    private long _currentBucket;
    private long _requests;
    private long _accepted;
    private long _turnedAway;
    private long _refused;
    private Status? _lastRefusal;

    /// <param name="random">Uniform in [0, 1); tests pass a seeded one.</param>
    public AdaptiveThrottle(AdaptiveThrottleOptions? options = null, TimeProvider? time = null, Func<double>? random = null)
    {
        options ??= new AdaptiveThrottleOptions();
        options.Validate();
        _multiplier = options.AcceptsMultiplier;
        _window = options.Window;
        _time = time ?? TimeProvider.System;
        _random = random ?? Random.Shared.NextDouble;
        _buckets = new Bucket[options.Buckets];
        _ticksPerBucket = Math.Max(1, (long)(options.Window.TotalSeconds * _time.TimestampFrequency / options.Buckets));
        _currentBucket = _time.GetTimestamp() / _ticksPerBucket;
    }

    /// <summary>Statuses that mean the service turned the request away rather than answered it.</summary>
    public static bool IsRefusal(StatusCode status) =>
        status is StatusCode.ResourceExhausted or StatusCode.Unavailable or StatusCode.DeadlineExceeded;

    public AdaptiveThrottleCounts Counts
    {
        get
        {
            lock (_gate)
            {
                Advance();
                return new AdaptiveThrottleCounts(_requests, _accepted, _turnedAway);
            }
        }
    }

    /// <summary>Counts a request and says whether to send it; false means the caller should fail it at once.</summary>
    public bool TrySend()
    {
        lock (_gate)
        {
            Advance();
            // Without a refusal in the window the service is not overloaded: requests still in flight only look unanswered,
            // and turned-away requests of an overload that has ended no longer hold the probability up.
            var rejection = _refused == 0 ? 0 : (_requests - (_multiplier * _accepted)) / (_requests + 1);
            ref var bucket = ref _buckets[_currentBucket % _buckets.Length];
            bucket.Requests++;
            _requests++;
            if (rejection > 0 && _random() < rejection)
            {
                bucket.TurnedAway++;
                _turnedAway++;
                return false;
            }

            return true;
        }
    }

    public void RecordAccepted()
    {
        lock (_gate)
        {
            Advance();
            _buckets[_currentBucket % _buckets.Length].Accepted++;
            _accepted++;
        }
    }

    public void RecordRefused(Status status)
    {
        lock (_gate)
        {
            Advance();
            _buckets[_currentBucket % _buckets.Length].Refused++;
            _refused++;
            _lastRefusal = status;
        }
    }

    /// <summary>The error a turned-away call fails with, saying why and what the service last said.</summary>
    public ClientThrottledException TurnedAwayError()
    {
        AdaptiveThrottleCounts counts;
        Status? last;
        lock (_gate)
        {
            Advance();
            counts = new AdaptiveThrottleCounts(_requests, _accepted, _turnedAway);
            last = _lastRefusal;
        }

        var cause = last is { } status ? $" Its last refusal: {status.StatusCode}: {status.Detail}" : "";
        return new ClientThrottledException(
            $"Not sent: the service accepted {counts.Accepted} of the last {counts.Requests} requests in {_window.TotalSeconds:0.#} s, so this " +
            $"client turns requests away until it recovers (adaptive throttling).{cause}");
    }

    private void Advance()
    {
        var now = _time.GetTimestamp() / _ticksPerBucket;
        if (now <= _currentBucket)
        {
            return;
        }

        var expired = Math.Min(now - _currentBucket, _buckets.Length);
        for (var i = 1; i <= expired; i++)
        {
            ref var bucket = ref _buckets[(_currentBucket + i) % _buckets.Length];
            _requests -= bucket.Requests;
            _accepted -= bucket.Accepted;
            _turnedAway -= bucket.TurnedAway;
            _refused -= bucket.Refused;
            bucket = default;
        }

        _currentBucket = now;
    }

    private struct Bucket
    {
        public long Requests;
        public long Accepted;
        public long TurnedAway;
        public long Refused;
    }
}
