using Dapper;
using Mlops.Registry.Grpc;
using Mlops.Registry.Model;
using Mlops.Storage;

namespace Mlops.Registry.Repositories;

public sealed class SqlRunRepository(MetadataDatabase database) : IRunRepository
{
    public ExperimentRun? Find(string runId)
    {
        using var connection = database.Open();
        var bytes = connection.QueryFirstOrDefault<byte[]>("SELECT run FROM runs WHERE id = @runId", new { runId });
        return bytes is null ? null : RegistryMapping.RunFromBytes(bytes);
    }

    public void Insert(ExperimentRun run)
    {
        using var connection = database.Open();
        connection.Execute(
            """
            INSERT INTO runs (id, experiment, status, dataset_version, started_at, run)
            VALUES (@Id, @Experiment, @Status, @DatasetVersion, @StartedAt, @Bytes)
            """,
            new
            {
                run.Id,
                run.Experiment,
                Status = (int)run.Status,
                DatasetVersion = run.DatasetVersionId,
                StartedAt = StoredTime.Format(run.StartedAt),
                Bytes = run.ToBytes(),
            });
    }

    public void Update(ExperimentRun run)
    {
        using var connection = database.Open();
        connection.Execute("UPDATE runs SET status = @Status, run = @Bytes WHERE id = @Id",
            new { run.Id, Status = (int)run.Status, Bytes = run.ToBytes() });
    }

    public void AppendMetrics(ExperimentRun run, IReadOnlyList<MetricSample> points)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        connection.Execute(
            "INSERT INTO run_metrics (run_id, key, step, epoch, value, timestamp) VALUES (@RunId, @Key, @Step, @Epoch, @Value, @Timestamp)",
            points.Select(point => new
            {
                RunId = run.Id,
                point.Key,
                point.Step,
                point.Epoch,
                point.Value,
                Timestamp = StoredTime.Format(point.Timestamp ?? default),
            }),
            transaction);
        connection.Execute("UPDATE runs SET run = @Bytes WHERE id = @Id", new { run.Id, Bytes = run.ToBytes() }, transaction);
        transaction.Commit();
    }

    public IReadOnlyList<ExperimentRun> List(string? experiment, RunState status, string? datasetVersionId)
    {
        using var connection = database.Open();
        return connection.Query<byte[]>(
                """
                SELECT run FROM runs
                WHERE (@experiment IS NULL OR experiment = @experiment)
                  AND (@status = 0 OR status = @status)
                  AND (@datasetVersionId IS NULL OR dataset_version = @datasetVersionId)
                ORDER BY started_at DESC, rowid DESC
                """,
                new { experiment, status = (int)status, datasetVersionId })
            .Select(RegistryMapping.RunFromBytes)
            .ToList();
    }

    public IReadOnlyList<MetricSample> MetricHistory(string runId, string key)
    {
        using var connection = database.Open();
        return connection.Query<(string Key, long Step, long Epoch, double Value, string Timestamp)>(
                "SELECT key, step, epoch, value, timestamp FROM run_metrics WHERE run_id = @runId AND key = @key ORDER BY step, rowid",
                new { runId, key })
            .Select(row => new MetricSample(row.Key, row.Value, row.Step, (int)row.Epoch, StoredTime.Parse(row.Timestamp)))
            .ToList();
    }

    public long Delete(string runId)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        var points = connection.Execute("DELETE FROM run_metrics WHERE run_id = @runId", new { runId }, transaction);
        connection.Execute("DELETE FROM run_artifacts WHERE run_id = @runId", new { runId }, transaction);
        connection.Execute("DELETE FROM runs WHERE id = @runId", new { runId }, transaction);
        transaction.Commit();
        return points;
    }
}
