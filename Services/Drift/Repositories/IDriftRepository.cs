using Mlops.Drift.Model;

namespace Mlops.Drift.Repositories;

public interface IDriftRepository
{
    /// <summary>Closed windows newest first; a model version of 0 means every version.</summary>
    IReadOnlyList<WindowSummary> ListWindows(string? modelName, int modelVersion, int limit);

    void SaveClosedWindow(WindowReport report);

    /// <summary>The report of one window, or of the newest closed window of the model version when <paramref name="windowId"/> is null.</summary>
    WindowReport? FindReport(ModelKey model, string? windowId);

    IReadOnlyList<DriftAlert> ListAlerts(string? modelName, bool includeAcknowledged);

    void SaveAlert(DriftAlert alert);

    DriftAlert? FindAlert(string id);
}
