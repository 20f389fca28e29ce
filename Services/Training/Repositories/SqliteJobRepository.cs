using Dapper;
using Mlops.Storage;
using Mlops.Training.V1;

namespace Mlops.Training.Repositories;

public sealed class SqliteJobRepository(string path) : IJobRepository
{
    private readonly SqliteDatabase database = new(path, TrainingSchema.Migrations);

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

    public Sweep? FindSweep(string sweepId)
    {
        using var connection = database.Open();
        var exists = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM sweeps WHERE id = @sweepId", new { sweepId });
        return exists == 0 ? null : ReadSweep(sweepId);
    }

    public IReadOnlyList<Sweep> ListSweeps(int limit)
    {
        using var connection = database.Open();
        return connection.Query<string>("SELECT id FROM sweeps ORDER BY created_at DESC LIMIT @limit", new { limit })
            .Select(ReadSweep)
            .ToList();
    }

    private Sweep ReadSweep(string sweepId)
    {
        using var connection = database.Open();
        var row = connection.QueryFirst<(long State, byte[] Request, string? BestJobId, double? BestValue)>(
            "SELECT state, request, best_job_id, best_value FROM sweeps WHERE id = @sweepId", new { sweepId });
        var request = SubmitSweepRequest.Parser.ParseFrom(row.Request);
        var sweep = new Sweep
        {
            Id = sweepId,
            State = (JobState)row.State,
            Metric = request.Metric,
            Goal = request.Goal,
            BestJobId = row.BestJobId ?? "",
            BestValue = row.BestValue ?? double.NaN,
        };
        sweep.Trials.AddRange(ListJobs(JobState.Unspecified, sweepId, int.MaxValue));
        return sweep;
    }
}
