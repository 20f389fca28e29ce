using Microsoft.Extensions.Configuration;
using OpenTelemetry.Trace;

namespace Mlops.ServiceDefaults;

/// <summary>
/// Which requests a service traces, from the "Telemetry:Tracing" section. A trace started elsewhere follows its parent's
/// decision; a new one is kept with probability <see cref="SampleRatio"/>, and at most <see cref="MaxTracesPerSecond"/>
/// are kept a second. At low rates every request shows in the dashboard; at full load tracing costs a few spans a second
/// instead of one per request. Metrics and logs are not sampled, so no error is lost from them.
/// </summary>
public sealed class TraceSampling
{
    public const string Section = "Telemetry:Tracing";

    /// <summary>Share of new traces kept, 0 to 1; 0 turns tracing off.</summary>
    public double SampleRatio { get; set; } = 1.0;

    /// <summary>Most new traces kept a second; 0 for no cap.</summary>
    public double MaxTracesPerSecond { get; set; } = 10;

    public bool Enabled => SampleRatio > 0;

    public static TraceSampling From(IConfiguration configuration)
    {
        var sampling = configuration.GetSection(Section).Get<TraceSampling>() ?? new TraceSampling();
        if (double.IsNaN(sampling.SampleRatio) || sampling.SampleRatio is < 0 or > 1)
        {
            throw new InvalidOperationException($"{Section}:SampleRatio must be between 0 and 1; it is {sampling.SampleRatio}.");
        }

        if (double.IsNaN(sampling.MaxTracesPerSecond) || sampling.MaxTracesPerSecond < 0)
        {
            throw new InvalidOperationException($"{Section}:MaxTracesPerSecond must be 0 (no cap) or more; it is {sampling.MaxTracesPerSecond}.");
        }

        return sampling;
    }

    public Sampler ToSampler(TimeProvider clock)
    {
        Sampler root = SampleRatio >= 1 ? new AlwaysOnSampler() : new TraceIdRatioBasedSampler(SampleRatio);
        if (MaxTracesPerSecond > 0)
        {
            root = new RateCappedSampler(root, MaxTracesPerSecond, clock);
        }

        return new ParentBasedSampler(root);
    }
}

/// <summary>Keeps what the inner sampler keeps, up to a rate: a token bucket refilled at that rate, holding one second's worth.</summary>
public sealed class RateCappedSampler : Sampler
{
    private readonly Sampler inner;
    private readonly double perSecond;
    private readonly TimeProvider clock;
    private readonly Lock gate = new();
    private double tokens;
    private long refilledAt;

    public RateCappedSampler(Sampler inner, double perSecond, TimeProvider clock)
    {
        this.inner = inner;
        this.perSecond = perSecond;
        this.clock = clock;
        tokens = Math.Max(1, perSecond);
        refilledAt = clock.GetTimestamp();
        Description = $"RateCapped({perSecond}/s,{inner.Description})";
    }

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var decision = inner.ShouldSample(samplingParameters);
        return decision.Decision == SamplingDecision.Drop || TryTake() ? decision : new SamplingResult(SamplingDecision.Drop);
    }

    private bool TryTake()
    {
        lock (gate)
        {
            var now = clock.GetTimestamp();
            tokens = Math.Min(Math.Max(1, perSecond), tokens + (clock.GetElapsedTime(refilledAt, now).TotalSeconds * perSecond));
            refilledAt = now;
            if (tokens < 1)
            {
                return false;
            }

            tokens--;
            return true;
        }
    }
}
