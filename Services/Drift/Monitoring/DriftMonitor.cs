using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mlops.Drift.Alerts;
using Mlops.Drift.Configuration;
using Mlops.Drift.Detection;
using Mlops.Drift.Model;
using Mlops.Drift.References;
using Mlops.Drift.Repositories;
using Mlops.Drift.Windows;

namespace Mlops.Drift.Monitoring;

/// <summary>
/// The drift pipeline: validated records go into windows per model version; each closed window is tested against the
/// model's reference, its report stored, and a run of drifted windows raises an alert.
/// </summary>
public sealed partial class DriftMonitor(
    ModelDirectory models,
    ReferenceCache references,
    WindowAnalyzer analyzer,
    IDriftRepository repository,
    AlertTracker tracker,
    AlertDispatcher alerts,
    DriftMetrics metrics,
    IOptions<DriftOptions> options,
    TimeProvider clock,
    ILogger<DriftMonitor> logger)
{
    private readonly ConcurrentDictionary<ModelKey, ModelWindows> windows = new();
    // Closed windows are tested one at a time, so a model's alert run sees its windows in order.
    private readonly SemaphoreSlim testing = new(1, 1);

    public async Task<RecordOutcome> RecordAsync(IncomingBatch batch, CancellationToken cancellationToken)
    {
        var resolved = new Dictionary<ModelKey, ModelDescription?>();
        var sent = batch.Models.GroupBy(model => model.Key).ToDictionary(group => group.Key, group => group.First());
        foreach (var key in batch.Records.Select(record => new ModelKey(record.ModelName, record.ModelVersion)).Distinct())
        {
            resolved[key] = string.IsNullOrEmpty(key.Name) || key.Version <= 0
                ? null
                : await models.FindAsync(key, sent.GetValueOrDefault(key), cancellationToken);
        }

        var now = clock.GetUtcNow();
        var validated = RecordValidator.Validate(batch, resolved, now);
        var accepted = 0;
        foreach (var (key, records) in validated.Accepted)
        {
            var model = resolved[key]!;
            metrics.Accepted(key, records.Count);
            accepted += records.Count;
            var modelWindows = windows.GetOrAdd(key, _ => new ModelWindows(key, model.ClassNames.Count, options.Value.Window));
            foreach (var closed in modelWindows.Add(records, now))
            {
                await TestAsync(model, closed, cancellationToken);
            }
        }

        if (validated.Rejected > 0)
        {
            metrics.Rejected(validated.Rejected);
        }

        return new RecordOutcome(accepted, validated.Rejected, validated.Reasons, validated.UnknownModel);
    }

    /// <summary>Closes and tests every open window older than Drift:Window:MaxAge, or full and older than Drift:Window:MinDuration.</summary>
    public async Task CloseExpiredAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var modelWindows in windows.Values)
        {
            if (modelWindows.CloseExpired(now) is { } closed && await models.FindAsync(modelWindows.Model, cancellationToken) is { } model)
            {
                await TestAsync(model, closed, cancellationToken);
            }
        }
    }

    /// <summary>Open windows (from memory) first, then closed ones (from the database), newest first.</summary>
    public IReadOnlyList<WindowSummary> ListWindows(string? modelName, int modelVersion, int limit)
    {
        var open = windows.Values
            .Where(w => (modelName is null || w.Model.Name == modelName) && (modelVersion == 0 || w.Model.Version == modelVersion))
            .Select(w => w.OpenWindow?.ToSummary())
            .OfType<WindowSummary>()
            .OrderByDescending(w => w.OpenedAt);
        return [.. open.Concat(repository.ListWindows(modelName, modelVersion, limit)).Take(limit)];
    }

    public WindowReport GetReport(string modelName, int modelVersion, string? windowId)
    {
        if (string.IsNullOrEmpty(modelName) || modelVersion <= 0)
        {
            throw DriftException.InvalidArgument("Give model_name and a positive model_version.");
        }

        var key = new ModelKey(modelName, modelVersion);
        return repository.FindReport(key, string.IsNullOrEmpty(windowId) ? null : windowId)
            ?? throw DriftException.NotFound(string.IsNullOrEmpty(windowId)
                ? $"Model {key} has no closed window yet; a window closes after {options.Value.Window.Size} records (and at least {options.Value.Window.MinDuration}) or {options.Value.Window.MaxAge}."
                : $"Model {key} has no closed window '{windowId}'.");
    }

    public DriftAlert Acknowledge(string alertId, string acknowledgedBy)
    {
        if (string.IsNullOrWhiteSpace(alertId))
        {
            throw DriftException.InvalidArgument("Give the alert_id to acknowledge.");
        }

        var alert = repository.FindAlert(alertId) ?? throw DriftException.NotFound($"No alert '{alertId}'.");
        if (!alert.Acknowledged)
        {
            alert.Acknowledged = true;
            alert.AcknowledgedBy = acknowledgedBy;
            alert.AcknowledgedAt = clock.GetUtcNow();
            repository.SaveAlert(alert);
        }

        return alert;
    }

    private async Task TestAsync(ModelDescription model, LiveWindow window, CancellationToken cancellationToken)
    {
        await testing.WaitAsync(CancellationToken.None);
        try
        {
            WindowReport report;
            try
            {
                var reference = await references.GetAsync(model, cancellationToken);
                report = analyzer.Analyze(reference, window);
            }
            catch (Exception error) when (error is DriftException or Scoring.InvalidModelException or OperationCanceledException)
            {
                LogNoReference(logger, error, model.Key.ToString(), window.Id);
                report = new WindowReport
                {
                    Window = window.ToSummary(),
                    ReferenceDatasetVersionId = model.DatasetVersionId,
                    Verdict = DriftVerdict.Unspecified,
                    Summary = $"Not tested: the reference of {model.Key} could not be built ({error.Message}).",
                    Rule = analyzer.Rule,
                };
            }

            repository.SaveClosedWindow(report);
            metrics.WindowClosed(model.Key, report.Verdict.ToString(), window.Count, window.Seen);
            LogWindowClosed(logger, window.Id, model.Key.ToString(), window.Count, window.Seen, report.Verdict.ToString(), report.Summary);
            if (tracker.Observe(model.Key, report, clock.GetUtcNow()) is { } alert)
            {
                alerts.Raise(alert);
            }
        }
        finally
        {
            testing.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Window {WindowId} of {Model} closed with {Records} of {Seen} records sampled: {Verdict}. {Summary}")]
    private static partial void LogWindowClosed(ILogger logger, string windowId, string model, int records, long seen, string verdict, string summary);

    [LoggerMessage(Level = LogLevel.Error, Message = "No reference for {Model}; window {WindowId} is stored untested")]
    private static partial void LogNoReference(ILogger logger, Exception error, string model, string windowId);
}
