using System.Diagnostics;

namespace Mlops.Modeling.Profiling;

/// <summary>
/// Adds up the time of each phase of the training steps per epoch and records every phase of a window of steps as
/// trace events. Switched off, <see cref="Start"/> and <see cref="End"/> do no more than a branch.
/// </summary>
internal sealed class StepProfiler
{
    private readonly bool enabled;
    private readonly long firstTraced;
    private readonly long lastTraced;
    private readonly long[] epochTicks = new long[PhaseTotals.Phases.Count];
    private readonly TraceEventRecorder? trace;
    private readonly IProgress<TrainingProgress>? progress;
    private bool traceReported;

    public StepProfiler(TrainingOptions options, IProgress<TrainingProgress>? progress)
    {
        enabled = options.ProfilePhases;
        this.progress = progress;
        if (enabled && options.TraceSteps > 0)
        {
            firstTraced = options.TraceStartStep;
            lastTraced = options.TraceStartStep + options.TraceSteps - 1;
            trace = new TraceEventRecorder();
        }
    }

    public bool Enabled => enabled;

    public long Start() => enabled ? Stopwatch.GetTimestamp() : 0;

    /// <summary>Ends a phase begun at <paramref name="started"/>; <paramref name="globalStep"/> counts steps from 1 over the whole run.</summary>
    public void End(TrainingPhase phase, long started, int epoch, long globalStep)
    {
        if (!enabled)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        epochTicks[(int)phase] += now - started;
        if (trace is not null && globalStep >= firstTraced && globalStep <= lastTraced)
        {
            trace.Add(PhaseTotals.Name(phase), started, now, epoch, globalStep);
        }
    }

    /// <summary>Records a whole step around its phases, in the trace only.</summary>
    public void EndStep(long started, int epoch, long globalStep)
    {
        if (trace is not null && globalStep >= firstTraced && globalStep <= lastTraced)
        {
            trace.Add("step", started, Stopwatch.GetTimestamp(), epoch, globalStep);
        }
    }

    /// <summary>The epoch's phase totals (null when off); starts the next epoch's.</summary>
    public PhaseTotals? TakeEpoch()
    {
        if (!enabled)
        {
            return null;
        }

        var totals = new PhaseTotals(epochTicks.Select(t => Stopwatch.GetElapsedTime(0, t)).ToArray());
        Array.Clear(epochTicks);
        return totals;
    }

    /// <summary>Reports the trace once its window is over (or the training is, <paramref name="final"/>).</summary>
    public void ReportTraceIfDone(int epoch, long globalStep, bool final)
    {
        if (trace is null || traceReported || trace.Count == 0 || (!final && globalStep < lastTraced))
        {
            return;
        }

        traceReported = true;
        progress?.Report(new ProfileTrace(epoch, trace.Steps, trace.ToJson()));
    }
}
