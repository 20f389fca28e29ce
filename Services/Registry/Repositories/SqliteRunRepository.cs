using Dapper;
using Mlops.Registry.V1;
using Mlops.Storage;

namespace Mlops.Registry.Repositories;

public sealed class SqliteRunRepository(SqliteDatabase database) : IRunRepository
{
    public Run? Find(string runId)
    {
        using var connection = database.Open();
        var bytes = connection.QueryFirstOrDefault<byte[]>("SELECT run FROM runs WHERE id = @runId", new { runId });
        return bytes is null ? null : Run.Parser.ParseFrom(bytes);
    }

    public IReadOnlyList<Run> List(string? experiment, RunStatus status, string? datasetVersion, int limit)
    {
        using var connection = database.Open();
        return connection.Query<byte[]>(
                """
                SELECT run FROM runs
                WHERE (@experiment IS NULL OR experiment = @experiment)
                  AND (@status = 0 OR status = @status)
                  AND (@datasetVersion IS NULL OR dataset_version = @datasetVersion)
                ORDER BY started_at DESC, rowid DESC LIMIT @limit
                """,
                new { experiment, status = (int)status, datasetVersion, limit })
            .Select(Run.Parser.ParseFrom)
            .ToList();
    }

    public IReadOnlyList<MetricPoint> MetricHistory(string runId, string key)
    {
        using var connection = database.Open();
        return connection.Query<(string Key, long Step, long Epoch, double Value, string Timestamp)>(
                "SELECT key, step, epoch, value, timestamp FROM run_metrics WHERE run_id = @runId AND key = @key ORDER BY step",
                new { runId, key })
            .Select(row => new MetricPoint
            {
                Key = row.Key,
                Step = row.Step,
                Epoch = (int)row.Epoch,
                Value = row.Value,
                Timestamp = StoredTime.Parse(row.Timestamp),
            })
            .ToList();
    }
}
