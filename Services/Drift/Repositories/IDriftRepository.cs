using Mlops.Drift.Model;
using Mlops.Drift.V1;

namespace Mlops.Drift.Repositories;

public interface IDriftRepository
{
    /// <summary>Closed windows newest first; a model version of 0 means every version.</summary>
    IReadOnlyList<Window> ListWindows(string? modelName, int modelVersion, int limit);

    void SaveClosedWindow(DriftReport report);

    /// <summary>The report of one window, or of the newest closed window of the model version when <paramref name="windowId"/> is null.</summary>
    DriftReport? FindReport(ModelKey model, string? windowId);

    IReadOnlyList<Alert> ListAlerts(string? modelName, bool includeAcknowledged);

    void SaveAlert(Alert alert);

    Alert? FindAlert(string id);
}
