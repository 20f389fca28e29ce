using System.Diagnostics;
using Mlops.LoadGenerator.Measurement;

namespace Mlops.LoadGenerator.Engine;

/// <summary>Runs scenarios through a sequence of load simulations and measures them.</summary>
public sealed class LoadRunner
{
    private readonly IReadOnlyList<Scenario> _scenarios;
    private readonly IReadOnlyList<LoadSimulation> _simulations;
    private readonly RunOptions _options;

    public LoadRunner(IReadOnlyList<Scenario> scenarios, IReadOnlyList<LoadSimulation> simulations, RunOptions? options = null)
    {
        _options = options ?? new RunOptions();
        RunPlanValidator.Validate(scenarios, simulations, _options);
        _scenarios = scenarios;
        _simulations = simulations;
    }

    /// <param name="progress">Called about once a second from a background thread.</param>
    /// <exception cref="TargetNotAllowedException">The target is not loopback and non-loopback targets were not allowed.</exception>
    public async Task<RunResult> RunAsync(Action<ProgressSnapshot>? progress = null, CancellationToken cancellationToken = default)
    {
        TargetPolicy.EnsureAllowed(_options.Target, _options.AllowNonLoopback);
        var initialized = new List<Scenario>();
        try
        {
            foreach (var scenario in _scenarios)
            {
                initialized.Add(scenario);
                if (scenario.Init is { } init)
                {
                    await init(new ScenarioInitContext(scenario.Name, _options.Target, _options.Log), cancellationToken).ConfigureAwait(false);
                }
            }

            foreach (var scenario in _scenarios.Where(s => s.WarmUp > TimeSpan.Zero))
            {
                await WarmUpAsync(scenario, cancellationToken).ConfigureAwait(false);
            }

            return await MeasureAsync(progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var scenario in initialized)
            {
                await CleanAsync(scenario).ConfigureAwait(false);
            }
        }
    }

    private async Task<RunResult> MeasureAsync(Action<ProgressSnapshot>? progress, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var start = Stopwatch.GetTimestamp();
        var meters = new RunMeters(_scenarios.Select(s => s.Name), start);
        using var loadStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var abort = new CancellationTokenSource();
        var load = CreateContext(_scenarios.Zip(meters.Scenarios), new RequestBudget(_options.MaxRequests), loadStop, abort.Token, isWarmUp: false);
        var phase = _simulations[0].ToString();
        var sampler = new ProgressSampler(meters, start, bucket => progress?.Invoke(Snapshot(bucket)));

        ProgressSnapshot Snapshot(TimelineBucket bucket) => new(
            Stopwatch.GetElapsedTime(start).TotalSeconds,
            bucket,
            meters.Scenarios.Sum(m => m.Completed),
            meters.Scenarios.Sum(m => m.Failed),
            meters.Scenarios.Sum(m => m.Dropped),
            load.InFlight,
            Volatile.Read(ref phase) ?? "");

        sampler.Start();
        var pool = new ClosedCopyPool();
        var activeSeconds = 0.0;
        try
        {
            foreach (var simulation in _simulations)
            {
                if (loadStop.IsCancellationRequested)
                {
                    break;
                }

                Volatile.Write(ref phase, simulation.ToString());
                _options.Log.WriteLine($"phase: {simulation}");
                var phaseStart = Stopwatch.GetTimestamp();
                await RunPhaseAsync(simulation, load, pool).ConfigureAwait(false);

                // Rates are per planned second: a phase that ran its course counts as its planned
                // length, not plus the few milliseconds it took to notice the end.
                var elapsed = Stopwatch.GetElapsedTime(phaseStart);
                activeSeconds += (loadStop.IsCancellationRequested || elapsed < simulation.During ? elapsed : simulation.During).TotalSeconds;
            }
        }
        finally
        {
            pool.StopAll();
            await loadStop.CancelAsync().ConfigureAwait(false);
            Volatile.Write(ref phase, "draining");
            await load.DrainAsync(pool.Copies, abort).ConfigureAwait(false);
            sampler.Stop();
        }

        meters.Sample();
        var (scenarios, total) = meters.Summarize(activeSeconds);
        return new RunResult(startedAt, TimeSpan.FromSeconds(activeSeconds), _options.Target, _simulations, scenarios, total);
    }

    private async Task WarmUpAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        _options.Log.WriteLine($"warm-up: {scenario.Name} with {_options.WarmUpCopies} copies for {scenario.WarmUp.TotalSeconds:0.#}s (not measured)");
        var discarded = new RunMeters([scenario.Name], Stopwatch.GetTimestamp());
        using var loadStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var abort = new CancellationTokenSource();
        var load = CreateContext([(scenario, discarded.Scenarios[0])], new RequestBudget(null), loadStop, abort.Token, isWarmUp: true);
        var pool = new ClosedCopyPool();
        try
        {
            await ClosedModelDriver.RunAsync(LoadSimulation.KeepConstant(_options.WarmUpCopies, scenario.WarmUp), load, pool).ConfigureAwait(false);
        }
        finally
        {
            pool.StopAll();
            await loadStop.CancelAsync().ConfigureAwait(false);
            await load.DrainAsync(pool.Copies, abort).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private LoadContext CreateContext(
        IEnumerable<(Scenario Scenario, ScenarioMeter Meter)> pairs,
        RequestBudget budget,
        CancellationTokenSource loadStop,
        CancellationToken abort,
        bool isWarmUp)
    {
        var picker = new WeightedPicker<ScenarioSlot>(pairs.Select(p => (new ScenarioSlot(p.Scenario, p.Meter), p.Scenario.Weight)).ToArray());
        return new LoadContext(picker, _options, budget, loadStop, abort, isWarmUp);
    }

    private static Task RunPhaseAsync(LoadSimulation simulation, LoadContext load, ClosedCopyPool pool)
    {
        if (simulation is OpenLoad open)
        {
            pool.StopAll();
            return OpenModelDriver.RunAsync(open, load);
        }

        return ClosedModelDriver.RunAsync((ClosedLoad)simulation, load, pool);
    }

    private async Task CleanAsync(Scenario scenario)
    {
        if (scenario.Clean is not { } clean)
        {
            return;
        }

        try
        {
            await clean(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            _options.Log.WriteLine($"clean of {scenario.Name} failed: {exception.Message}");
        }
    }
}
