using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Mlops.TestSupport;
using OpenTelemetry.Trace;

namespace Mlops.ServiceDefaults.Tests;

public sealed class TraceSamplingTests
{
    [Fact]
    public void Keeps_every_new_trace_up_to_the_cap_and_the_cap_refills_with_time()
    {
        var clock = new ManualClock();
        var sampler = Sampling(("MaxTracesPerSecond", "10")).ToSampler(clock);

        Assert.Equal(10, Enumerable.Range(0, 100).Count(_ => Kept(sampler, NewTrace())));

        clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(5, Enumerable.Range(0, 100).Count(_ => Kept(sampler, NewTrace())));
    }

    [Fact]
    public void A_trace_started_upstream_follows_its_parent_even_when_the_cap_is_spent()
    {
        var sampler = Sampling(("MaxTracesPerSecond", "1")).ToSampler(new ManualClock());
        Assert.True(Kept(sampler, NewTrace()));
        Assert.False(Kept(sampler, NewTrace()));

        var sampledParent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
        Assert.True(Kept(sampler, sampledParent));
        var droppedParent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, isRemote: true);
        Assert.False(Kept(sampler, droppedParent));
    }

    [Fact]
    public void A_ratio_keeps_about_that_share_of_new_traces()
    {
        var sampler = Sampling(("SampleRatio", "0.25"), ("MaxTracesPerSecond", "0")).ToSampler(new ManualClock());

        var kept = Enumerable.Range(0, 4000).Count(_ => Kept(sampler, NewTrace()));

        Assert.InRange(kept, 800, 1200);
    }

    [Fact]
    public void Ratio_zero_turns_tracing_off_and_the_default_keeps_everything_under_the_cap()
    {
        Assert.False(Sampling(("SampleRatio", "0")).Enabled);
        var defaults = Sampling();
        Assert.True(defaults.Enabled);
        Assert.Equal(1.0, defaults.SampleRatio);
        Assert.True(defaults.MaxTracesPerSecond > 0);
    }

    [Theory]
    [InlineData("SampleRatio", "1.5", "SampleRatio must be between 0 and 1")]
    [InlineData("SampleRatio", "-0.1", "SampleRatio must be between 0 and 1")]
    [InlineData("MaxTracesPerSecond", "-3", "MaxTracesPerSecond must be 0 (no cap) or more")]
    public void A_setting_out_of_range_is_refused_at_start_with_the_setting_named(string key, string value, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Sampling((key, value)));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static TraceSampling Sampling(params (string Key, string Value)[] settings) =>
        TraceSampling.From(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create<string, string?>($"{TraceSampling.Section}:{s.Key}", s.Value)))
            .Build());

    private static ActivityContext NewTrace() => default;

    private static bool Kept(Sampler sampler, ActivityContext parent) =>
        sampler.ShouldSample(new SamplingParameters(parent, ActivityTraceId.CreateRandom(), "call", ActivityKind.Server)).Decision
            == SamplingDecision.RecordAndSample;
}
