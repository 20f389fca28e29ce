using System.Diagnostics;

namespace Mlops.LoadGenerator.Engine;

/// <summary>What the drivers of one run (or one warm-up) share: which step to run next, limits, and the stop signals.</summary>
internal sealed class LoadContext(
    WeightedPicker<ScenarioSlot> picker,
    RunOptions options,
    RequestBudget budget,
    CancellationTokenSource loadStop,
    CancellationToken abort,
    bool isWarmUp)
{
    private int _inFlight;

    public WeightedPicker<ScenarioSlot> Picker { get; } = picker;

    public RunOptions Options { get; } = options;

    public RequestBudget Budget { get; } = budget;

    /// <summary>Cancelled when no more steps should start (time is up, the request limit is reached, or the user stopped the run).</summary>
    public CancellationTokenSource LoadStop { get; } = loadStop;

    public int InFlight => Volatile.Read(ref _inFlight);

    public void Enter() => Interlocked.Increment(ref _inFlight);

    public void Leave() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Runs one step and records its latency measured from <paramref name="originTimestamp"/>.</summary>
    public async Task InvokeAsync(ScenarioSlot slot, long originTimestamp)
    {
        var context = new ScenarioContext(slot.Scenario.Name, Options.Target, slot.Meter.NextInvocationNumber(), isWarmUp, originTimestamp);
        StepResult result;
        try
        {
            result = await slot.Scenario.Step(context, abort).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // Cut off by the end of the grace period: not a measurement of the target.
            return;
        }
        catch (Exception exception)
        {
            result = StepResult.Fail(exception.GetType().Name);
        }

        var elapsed = Stopwatch.GetTimestamp() - originTimestamp;
        slot.Meter.Record(elapsed * 1_000_000 / Stopwatch.Frequency, result);
    }

    /// <summary>Waits for closed-model copies and open-model steps still running; cancels them when the grace period runs out.</summary>
    public async Task DrainAsync(IEnumerable<Task> copies, CancellationTokenSource abortSource)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(Options.Grace.TotalSeconds * Stopwatch.Frequency);
        try
        {
            await Task.WhenAll(copies).WaitAsync(Options.Grace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        while (InFlight > 0 && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(5).ConfigureAwait(false);
        }

        if (InFlight > 0)
        {
            Options.Log.WriteLine($"{InFlight} step(s) still running after the {Options.Grace.TotalSeconds:0.#}s grace period; cancelling them.");
            await abortSource.CancelAsync().ConfigureAwait(false);
            var hardDeadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
            while (InFlight > 0 && Stopwatch.GetTimestamp() < hardDeadline)
            {
                await Task.Delay(5).ConfigureAwait(false);
            }
        }
    }
}
