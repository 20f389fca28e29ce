using Mlops.Drift.V1;

namespace Mlops.Drift.Repositories;

public interface IDriftRepository
{
    /// <summary>Windows newest first; a model version of 0 means every version.</summary>
    IReadOnlyList<Window> ListWindows(string? modelName, int modelVersion, int limit);

    IReadOnlyList<Alert> ListAlerts(string? modelName, bool includeAcknowledged);
}
