using Dapper;
using Mlops.Storage;
using Mlops.Training.Grpc;
using Mlops.Training.Model;
using Mlops.Training.Sweeps;

namespace Mlops.Training.Repositories;

public sealed class SqlJobRepository(MetadataDatabase database) : IJobRepository
{
    public SqlJobRepository(string path)
        : this(new SqliteDatabase(path, TrainingSchema.Migrations))
    {
    }

    public TrainingJob? FindJob(string jobId)
    {
        using var connection = database.Open();
        var bytes = connection.QueryFirstOrDefault<byte[]>("SELECT job FROM jobs WHERE id = @jobId", new { jobId });
        return bytes is null ? null : TrainingMapping.JobFromBytes(bytes);
    }

    public IReadOnlyList<TrainingJob> ListJobs(JobStatus state, string? sweepId, int limit)
    {
        using var connection = database.Open();
        return connection.Query<byte[]>(
                """
                SELECT job FROM jobs
                WHERE (@state = 0 OR state = @state) AND (@sweepId IS NULL OR sweep_id = @sweepId)
                ORDER BY created_at DESC, rowid DESC LIMIT @limit
                """,
                new { state = (int)state, sweepId, limit })
            .Select(TrainingMapping.JobFromBytes)
            .ToList();
    }

    public void SaveJob(TrainingJob job)
    {
        using var connection = database.Open();
        connection.Execute(
            """
            INSERT INTO jobs (id, state, sweep_id, created_at, job) VALUES (@Id, @State, @SweepId, @CreatedAt, @Bytes)
            ON CONFLICT (id) DO UPDATE SET state = excluded.state, job = excluded.job
            """,
            new
            {
                job.Id,
                State = (int)job.State,
                SweepId = string.IsNullOrEmpty(job.SweepId) ? null : job.SweepId,
                CreatedAt = StoredTime(job.CreatedAt),
                Bytes = job.ToBytes(),
            });
    }

    public ParameterSweep? FindSweep(string sweepId)
    {
        using var connection = database.Open();
        var bytes = connection.QueryFirstOrDefault<byte[]>("SELECT sweep FROM sweeps WHERE id = @sweepId", new { sweepId });
        return bytes is null ? null : WithTrials(TrainingMapping.SweepFromBytes(bytes));
    }

    public IReadOnlyList<ParameterSweep> ListSweeps(int limit)
    {
        using var connection = database.Open();
        return connection.Query<byte[]>("SELECT sweep FROM sweeps ORDER BY created_at DESC, rowid DESC LIMIT @limit", new { limit })
            .Select(bytes => WithTrials(TrainingMapping.SweepFromBytes(bytes)))
            .ToList();
    }

    public SweepPlan? FindSweepPlan(string sweepId)
    {
        using var connection = database.Open();
        var bytes = connection.QueryFirstOrDefault<byte[]>("SELECT request FROM sweeps WHERE id = @sweepId", new { sweepId });
        return bytes is null ? null : TrainingMapping.SweepPlanFromBytes(bytes);
    }

    public void SaveSweep(ParameterSweep sweep, SweepPlan plan)
    {
        using var connection = database.Open();
        connection.Execute(
            """
            INSERT INTO sweeps (id, created_at, request, sweep) VALUES (@Id, @CreatedAt, @Request, @Bytes)
            ON CONFLICT (id) DO UPDATE SET sweep = excluded.sweep
            """,
            new
            {
                sweep.Id,
                CreatedAt = StoredTime(sweep.CreatedAt),
                Request = plan.ToBytes(),
                Bytes = sweep.ToBytesWithoutTrials(),
            });
    }

    public bool TryLease(string jobId, string worker, DateTimeOffset now, DateTimeOffset until)
    {
        using var connection = database.Open();
        return connection.Execute(
            """
            UPDATE jobs SET lease_owner = @worker, lease_until = @until
            WHERE id = @jobId AND (lease_owner IS NULL OR lease_owner = @worker OR lease_until < @now)
            """,
            new { jobId, worker, now = now.ToUnixTimeMilliseconds(), until = until.ToUnixTimeMilliseconds() }) == 1;
    }

    public void ReleaseLease(string jobId, string worker)
    {
        using var connection = database.Open();
        connection.Execute("UPDATE jobs SET lease_owner = NULL, lease_until = NULL WHERE id = @jobId AND lease_owner = @worker", new { jobId, worker });
    }

    public void SaveEpochMetrics(string jobId, int epoch, IReadOnlyDictionary<string, double> metrics)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        foreach (var (key, value) in metrics)
        {
            connection.Execute(
                """
                INSERT INTO epoch_metrics (job_id, epoch, key, value) VALUES (@jobId, @epoch, @key, @value)
                ON CONFLICT (job_id, epoch, key) DO UPDATE SET value = excluded.value
                """,
                new { jobId, epoch, key, value }, transaction);
        }
        transaction.Commit();
    }

    public IReadOnlyList<double> EpochMetric(IReadOnlyCollection<string> jobIds, int epoch, string key)
    {
        if (jobIds.Count == 0)
        {
            return [];
        }

        var parameters = new DynamicParameters(new { epoch, key });
        var names = jobIds.Select((jobId, index) =>
        {
            parameters.Add($"job{index}", jobId);
            return $"@job{index}";
        }).ToList();
        using var connection = database.Open();
        return connection.Query<double>(
            $"SELECT value FROM epoch_metrics WHERE job_id IN ({string.Join(", ", names)}) AND epoch = @epoch AND key = @key",
            parameters).ToList();
    }

    /// <summary>The sort key of the created_at columns: the UTC time in round-trip form.</summary>
    private static string StoredTime(DateTimeOffset? time) => (time ?? DateTimeOffset.UtcNow).ToUniversalTime().ToString("O");

    private ParameterSweep WithTrials(ParameterSweep sweep)
    {
        sweep.Trials.AddRange(ListJobs(JobStatus.Unspecified, sweep.Id, int.MaxValue).OrderBy(j => j.CreatedAt));
        return sweep;
    }
}
