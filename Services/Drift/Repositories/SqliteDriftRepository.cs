using Dapper;
using Mlops.Drift.V1;
using Mlops.Storage;

namespace Mlops.Drift.Repositories;

public sealed class SqliteDriftRepository(string path) : IDriftRepository
{
    private readonly SqliteDatabase database = new(path, DriftSchema.Migrations);

    public IReadOnlyList<Window> ListWindows(string? modelName, int modelVersion, int limit)
    {
        using var connection = database.Open();
        return connection.Query<byte[]>(
                """
                SELECT window FROM windows
                WHERE (@modelName IS NULL OR model_name = @modelName) AND (@modelVersion = 0 OR model_version = @modelVersion)
                ORDER BY opened_at DESC LIMIT @limit
                """,
                new { modelName, modelVersion, limit })
            .Select(Window.Parser.ParseFrom)
            .ToList();
    }

    public IReadOnlyList<Alert> ListAlerts(string? modelName, bool includeAcknowledged)
    {
        using var connection = database.Open();
        return connection.Query<byte[]>(
                """
                SELECT alert FROM alerts
                WHERE (@modelName IS NULL OR model_name = @modelName) AND (@includeAcknowledged OR acknowledged = 0)
                ORDER BY raised_at DESC
                """,
                new { modelName, includeAcknowledged })
            .Select(Alert.Parser.ParseFrom)
            .ToList();
    }
}
