using Dapper;
using Google.Protobuf;
using Mlops.Storage;
using Mlops.Training.V1;

namespace Mlops.Training.Repositories;

public sealed class SqlJobRepository(MetadataDatabase database) : IJobRepository
{
    public SqlJobRepository(string path)
        : this(new SqliteDatabase(path, TrainingSchema.Migrations))
    {
    }

    public Job? FindJob(string jobId)
    {
        using var connection = database.Open();
        var bytes = connection.QueryFirstOrDefault<byte[]>("SELECT job FROM jobs WHERE id = @jobId", new { jobId });
        return bytes is null ? null : Job.Parser.ParseFrom(bytes);
    }

    public IReadOnlyList<Job> ListJobs(JobState state, string? sweepId, int limit)
    {
        using var connection = database.Open();
        return connection.Query<byte[]>(
                """
                SELECT job FROM jobs
                WHERE (@state = 0 OR state = @state) AND (@sweepId IS NULL OR sweep_id = @sweepId)
                ORDER BY created_at DESC, rowid DESC LIMIT @limit
                """,
                new { state = (int)state, sweepId, limit })
            .Select(Job.Parser.ParseFrom)
            .ToList();
    }

    public void SaveJob(Job job)
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
                CreatedAt = (job.CreatedAt?.ToDateTimeOffset() ?? DateTimeOffset.UtcNow).ToString("O"),
                Bytes = job.ToByteArray(),
            });
    }

    public Sweep? FindSweep(string sweepId)
    {
        using var connection = database.Open();
        var bytes = connection.QueryFirstOrDefault<byte[]>("SELECT sweep FROM sweeps WHERE id = @sweepId", new { sweepId });
        return bytes is null ? null : WithTrials(Sweep.Parser.ParseFrom(bytes));
    }

    public IReadOnlyList<Sweep> ListSweeps(int limit)
    {
        using var connection = database.Open();
        return connection.Query<byte[]>("SELECT sweep FROM sweeps ORDER BY created_at DESC, rowid DESC LIMIT @limit", new { limit })
            .Select(bytes => WithTrials(Sweep.Parser.ParseFrom(bytes)))
            .ToList();
    }

    public SubmitSweepRequest? FindSweepRequest(string sweepId)
    {
        using var connection = database.Open();
        var bytes = connection.QueryFirstOrDefault<byte[]>("SELECT request FROM sweeps WHERE id = @sweepId", new { sweepId });
        return bytes is null ? null : SubmitSweepRequest.Parser.ParseFrom(bytes);
    }

    public void SaveSweep(Sweep sweep, SubmitSweepRequest request)
    {
        var stored = sweep.Clone();
        stored.Trials.Clear();
        using var connection = database.Open();
        connection.Execute(
            """
            INSERT INTO sweeps (id, created_at, request, sweep) VALUES (@Id, @CreatedAt, @Request, @Bytes)
            ON CONFLICT (id) DO UPDATE SET sweep = excluded.sweep
            """,
            new
            {
                sweep.Id,
                CreatedAt = (sweep.CreatedAt?.ToDateTimeOffset() ?? DateTimeOffset.UtcNow).ToString("O"),
                Request = request.ToByteArray(),
                Bytes = stored.ToByteArray(),
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

    private Sweep WithTrials(Sweep sweep)
    {
        sweep.Trials.AddRange(ListJobs(JobState.Unspecified, sweep.Id, int.MaxValue).OrderBy(j => j.CreatedAt));
        return sweep;
    }
}
