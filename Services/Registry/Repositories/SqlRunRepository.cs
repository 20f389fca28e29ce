using Dapper;
using Google.Protobuf;
using Mlops.Registry.V1;
using Mlops.Storage;

namespace Mlops.Registry.Repositories;

public sealed class SqlRunRepository(MetadataDatabase database) : IRunRepository
{
    public Run? Find(string runId)
    {
        using var connection = database.Open();
        var bytes = connection.QueryFirstOrDefault<byte[]>("SELECT run FROM runs WHERE id = @runId", new { runId });
        return bytes is null ? null : Run.Parser.ParseFrom(bytes);
    }

    public void Insert(Run run)
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
                run.DatasetVersion,
                StartedAt = StoredTime.Format(run.StartedAt.ToDateTimeOffset()),
                Bytes = run.ToByteArray(),
            });
    }

    public void Update(Run run)
    {
        using var connection = database.Open();
        connection.Execute("UPDATE runs SET status = @Status, run = @Bytes WHERE id = @Id",
            new { run.Id, Status = (int)run.Status, Bytes = run.ToByteArray() });
    }

    public void AppendMetrics(Run run, IReadOnlyList<MetricPoint> points)
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
                Timestamp = StoredTime.Format(point.Timestamp.ToDateTimeOffset()),
            }),
            transaction);
        connection.Execute("UPDATE runs SET run = @Bytes WHERE id = @Id", new { run.Id, Bytes = run.ToByteArray() }, transaction);
        transaction.Commit();
    }

    public IReadOnlyList<Run> List(string? experiment, RunStatus status, string? datasetVersion)
    {
        using var connection = database.Open();
        return connection.Query<byte[]>(
                """
                SELECT run FROM runs
                WHERE (@experiment IS NULL OR experiment = @experiment)
                  AND (@status = 0 OR status = @status)
                  AND (@datasetVersion IS NULL OR dataset_version = @datasetVersion)
                ORDER BY started_at DESC, rowid DESC
                """,
                new { experiment, status = (int)status, datasetVersion })
            .Select(Run.Parser.ParseFrom)
            .ToList();
    }

    public IReadOnlyList<MetricPoint> MetricHistory(string runId, string key)
    {
        using var connection = database.Open();
        return connection.Query<(string Key, long Step, long Epoch, double Value, string Timestamp)>(
                "SELECT key, step, epoch, value, timestamp FROM run_metrics WHERE run_id = @runId AND key = @key ORDER BY step, rowid",
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
