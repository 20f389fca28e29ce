using Microsoft.Extensions.Logging;
using Mlops.Drift.Model;
using Mlops.Drift.Monitoring;
using Mlops.Drift.Repositories;

namespace Mlops.Drift.Alerts;

/// <summary>Raises an alert: stores it, logs it, counts it, then hands it to every sink (watchers, Redis, webhooks).</summary>
public sealed partial class AlertDispatcher(
    IDriftRepository repository, IEnumerable<IAlertSink> sinks, DriftMetrics metrics, ILogger<AlertDispatcher> logger)
{
    public void Raise(DriftAlert alert)
    {
        repository.SaveAlert(alert);
        LogRaised(logger, alert.Model.Name, alert.Model.Version, alert.ConsecutiveWindows, string.Join(", ", alert.DriftedFeatures), alert.Id);
        metrics.AlertRaised(alert.Model);
        foreach (var sink in sinks)
        {
            try
            {
                sink.Publish(alert);
            }
#pragma warning disable CA1031 // One failing sink must not keep the alert from the others; it is stored already.
            catch (Exception error)
#pragma warning restore CA1031
            {
                LogSinkFailed(logger, error, sink.GetType().Name, alert.Id);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Drift alert for {Model}/{Version}: drift in {Windows} consecutive windows; drifted: {Features} (alert {AlertId})")]
    private static partial void LogRaised(ILogger logger, string model, int version, int windows, string features, string alertId);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Sink} failed to publish alert {AlertId}")]
    private static partial void LogSinkFailed(ILogger logger, Exception error, string sink, string alertId);
}
