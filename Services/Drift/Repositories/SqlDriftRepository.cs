using System.Text.Json;
using Dapper;
using Mlops.Drift.Grpc;
using Mlops.Drift.Model;
using Mlops.Drift.References;
using Mlops.Storage;

namespace Mlops.Drift.Repositories;

public sealed class SqlDriftRepository(MetadataDatabase database) : IDriftRepository, IReferenceStore
{
    public IReadOnlyList<WindowSummary> ListWindows(string? modelName, int modelVersion, int limit)
    {
        using var connection = database.Open();
        return connection.Query<byte[]>(
                """
                SELECT "window" FROM windows
                WHERE (@modelName IS NULL OR model_name = @modelName) AND (@modelVersion = 0 OR model_version = @modelVersion)
                ORDER BY opened_at DESC LIMIT @limit
                """,
                new { modelName, modelVersion, limit })
            .Select(DriftMapping.WindowFromBytes)
            .ToList();
    }

    public void SaveClosedWindow(WindowReport report)
    {
        var window = report.Window;
        using var connection = database.Open();
        connection.Execute(
            """
            INSERT INTO windows (id, model_name, model_version, opened_at, "window", report)
            VALUES (@id, @modelName, @modelVersion, @openedAt, @window, @report)
            ON CONFLICT (id) DO UPDATE SET "window" = excluded."window", report = excluded.report
            """,
            new
            {
                id = window.Id,
                modelName = window.Model.Name,
                modelVersion = window.Model.Version,
                openedAt = window.OpenedAt.ToUnixTimeMilliseconds(),
                window = window.ToBytes(),
                report = report.ToBytes(),
            });
    }

    public WindowReport? FindReport(ModelKey model, string? windowId)
    {
        using var connection = database.Open();
        var bytes = connection.QueryFirstOrDefault<byte[]>(
            """
            SELECT report FROM windows
            WHERE model_name = @name AND model_version = @version AND report IS NOT NULL AND (@windowId IS NULL OR id = @windowId)
            ORDER BY opened_at DESC LIMIT 1
            """,
            new { name = model.Name, version = model.Version, windowId });
        return bytes is null ? null : DriftMapping.ReportFromBytes(bytes);
    }

    public IReadOnlyList<DriftAlert> ListAlerts(string? modelName, bool includeAcknowledged)
    {
        using var connection = database.Open();
        return connection.Query<byte[]>(
                """
                SELECT alert FROM alerts
                WHERE (@modelName IS NULL OR model_name = @modelName) AND (@includeAcknowledged OR acknowledged = 0)
                ORDER BY raised_at DESC
                """,
                new { modelName, includeAcknowledged })
            .Select(DriftMapping.AlertFromBytes)
            .ToList();
    }

    public void SaveAlert(DriftAlert alert)
    {
        using var connection = database.Open();
        connection.Execute(
            """
            INSERT INTO alerts (id, model_name, acknowledged, raised_at, alert) VALUES (@id, @modelName, @acknowledged, @raisedAt, @alert)
            ON CONFLICT (id) DO UPDATE SET acknowledged = excluded.acknowledged, alert = excluded.alert
            """,
            new
            {
                id = alert.Id,
                modelName = alert.Model.Name,
                acknowledged = alert.Acknowledged ? 1 : 0,
                raisedAt = alert.RaisedAt.ToUnixTimeMilliseconds(),
                alert = alert.ToBytes(),
            });
    }

    public DriftAlert? FindAlert(string id)
    {
        using var connection = database.Open();
        var bytes = connection.QueryFirstOrDefault<byte[]>("SELECT alert FROM alerts WHERE id = @id", new { id });
        return bytes is null ? null : DriftMapping.AlertFromBytes(bytes);
    }

    public DriftReference? LoadReference(ModelKey model)
    {
        using var connection = database.Open();
        var bytes = connection.QueryFirstOrDefault<byte[]>(
            "SELECT reference FROM drift_references WHERE model_name = @name AND model_version = @version",
            new { name = model.Name, version = model.Version });
        return bytes is null ? null : JsonSerializer.Deserialize<StoredReference>(bytes)?.ToReference();
    }

    public void SaveReference(DriftReference reference)
    {
        using var connection = database.Open();
        connection.Execute(
            """
            INSERT INTO drift_references (model_name, model_version, dataset_version, built_at, reference)
            VALUES (@name, @version, @dataset, @builtAt, @reference)
            ON CONFLICT (model_name, model_version) DO UPDATE SET
                dataset_version = excluded.dataset_version, built_at = excluded.built_at, reference = excluded.reference
            """,
            new
            {
                name = reference.ModelName,
                version = reference.ModelVersion,
                dataset = reference.DatasetVersionId,
                builtAt = reference.BuiltAt.ToUnixTimeMilliseconds(),
                reference = JsonSerializer.SerializeToUtf8Bytes(StoredReference.From(reference)),
            });
    }

    /// <summary>The JSON shape of a stored reference (concrete collection types, so it reads back exactly; its names are the stored ones).</summary>
    private sealed record StoredReference(
        string ModelName, int ModelVersion, string DatasetVersion, string[] ClassNames, Dictionary<string, double[]> Features,
        double[][] Outputs, long[] PredictedCounts, double Accuracy, int Samples, DateTimeOffset BuiltAt)
    {
        public static StoredReference From(DriftReference r) => new(
            r.ModelName, r.ModelVersion, r.DatasetVersionId, [.. r.ClassNames], r.Features.ToDictionary(), [.. r.Outputs], r.PredictedCounts,
            r.Accuracy, r.Samples, r.BuiltAt);

        public DriftReference ToReference() => new()
        {
            ModelName = ModelName,
            ModelVersion = ModelVersion,
            DatasetVersionId = DatasetVersion,
            ClassNames = ClassNames,
            Features = Features,
            Outputs = Outputs,
            PredictedCounts = PredictedCounts,
            Accuracy = Accuracy,
            Samples = Samples,
            BuiltAt = BuiltAt,
        };
    }
}
