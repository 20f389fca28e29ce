using System.Collections.Concurrent;
using Mlops.Drift.Model;

namespace Mlops.Drift.Alerts;

/// <summary>
/// Counts consecutive drifted windows per model version and asks for an alert when the run reaches the configured length:
/// once per run, so a drift that persists does not alert on every window. A window without drift ends the run; a window
/// with too little data neither extends nor ends it.
/// </summary>
public sealed class AlertTracker(int consecutiveWindows)
{
    private readonly ConcurrentDictionary<ModelKey, Run> runs = new();

    public DriftAlert? Observe(ModelKey model, WindowReport report, DateTimeOffset now)
    {
        var needed = Math.Max(1, consecutiveWindows);
        var run = runs.GetOrAdd(model, _ => new Run());
        lock (run)
        {
            switch (report.Verdict)
            {
                case DriftVerdict.Drift:
                    run.Length++;
                    foreach (var test in report.Tests.Where(test => test.Verdict == DriftVerdict.Drift))
                    {
                        run.Features.Add(test.Feature);
                    }

                    break;
                case DriftVerdict.NoDrift:
                    run.Length = 0;
                    run.Features.Clear();
                    return null;
                default:
                    return null;
            }

            if (run.Length != needed)
            {
                return null;
            }

            return new DriftAlert
            {
                Id = Guid.CreateVersion7(now).ToString("N"),
                Model = model,
                RaisedAt = now,
                ConsecutiveWindows = needed,
                DriftedFeatures = [.. run.Features.Order(StringComparer.Ordinal)],
                Message = $"Drift in {needed} consecutive windows of {model} (last window {report.Window.Id}): {report.Summary}",
            };
        }
    }

    private sealed class Run
    {
        public int Length { get; set; }

        public SortedSet<string> Features { get; } = new(StringComparer.Ordinal);
    }
}
