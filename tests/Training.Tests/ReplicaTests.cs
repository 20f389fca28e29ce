using Grpc.Core;
using Mlops.Registry.V1;
using Mlops.TestSupport;
using Mlops.Training.V1;

namespace Mlops.Training.Tests;

/// <summary>
/// Two training replicas as the AppHost runs them with Replicas:Training=2: separate processes with data roots of their own,
/// sharing only a PostgreSQL (jobs, sweeps, leases) and a Redis stream (the queue). Each runs one job at a time.
/// </summary>
[Collection(TrainingStackCollection.Name)]
public sealed class ReplicaTests(TrainingStack stack, PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    [Fact]
    public async Task A_sweeps_trials_are_taken_by_both_replicas_and_train_at_the_same_time()
    {
        await using var replicas = await Replicas.StartAsync(stack, postgres.Server);

        var sweep = await replicas.ClientA.SubmitSweepAsync(new SubmitSweepRequest
        {
            Config = new ConfigSource { Name = "quick", Overrides = { "epochs=3" } },
            Parameters = { new SweepParameter { Key = "optimizer.learning_rate", Values = new ValueList { Values = { "0.002", "0.003" } } } },
            Strategy = SweepStrategy.Grid,
            Metric = "val_accuracy",
            ModelName = "replica-sweep",
            Experiment = "replica-sweep",
        });
        // Read through the other replica: the sweep and its trials live in the shared database.
        var ended = await WaitForSweepAsync(replicas.ClientB, sweep.Id);

        Assert.True(ended.State == JobState.Succeeded, $"{ended}\n{replicas.Output}");
        Assert.All(ended.Trials, trial => Assert.True(trial.State == JobState.Succeeded && trial.Attempts == 1, $"{trial}"));
        Assert.Equal(["replica-a", "replica-b"], ended.Trials.Select(trial => trial.Worker.Split('-')[..2]).Select(parts => string.Join('-', parts)).Order());
        var (first, second) = (ended.Trials[0], ended.Trials[1]);
        Assert.True(first.StartedAt < second.FinishedAt && second.StartedAt < first.FinishedAt,
            $"the trials ran one after the other: {first.StartedAt}..{first.FinishedAt} and {second.StartedAt}..{second.FinishedAt}");
        // Each trial ran once, so each has exactly one run in the registry.
        var runs = await stack.RegistryClient.ListRunsAsync(new ListRunsRequest { Experiment = "replica-sweep" });
        foreach (var trial in ended.Trials)
        {
            Assert.Single(runs.Runs, run => run.Tags.TryGetValue("job_id", out var id) && id == trial.Id);
        }
    }

    [Fact]
    public async Task A_job_whose_replica_is_killed_mid_run_is_finished_by_the_other_replica()
    {
        await using var replicas = await Replicas.StartAsync(stack, postgres.Server);

        var job = await replicas.ClientA.SubmitJobAsync(TrainingStack.Job("quick", "replica-recovered", "epochs=3"));
        var running = await JobWatch.UntilTrainingAsync(replicas.ClientA, job.Id, TimeSpan.FromMinutes(3));
        var (victim, survivor) = running.Worker.StartsWith("replica-a", StringComparison.Ordinal)
            ? (replicas.A, replicas.B)
            : (replicas.B, replicas.A);
        await victim.StopAsync();

        // Generous: the survivor waits out the claim time, fetches the dataset into its own cache and trains from the start;
        // at a load average of 200 ten minutes were not enough.
        var final = (await TrainingStack.WatchToEndAsync(new TrainingService.TrainingServiceClient(survivor.Channel), job.Id, TimeSpan.FromMinutes(20)))[^1].Job;

        Assert.True(final.State == JobState.Succeeded, $"{final.State}: {final.Error}\n{replicas.Output}");
        Assert.Equal(2, final.Attempts);
        Assert.NotEqual(running.Worker, final.Worker);
        Assert.StartsWith(survivor == replicas.A ? "replica-a" : "replica-b", final.Worker, StringComparison.Ordinal);
        Assert.True(final.ModelVersion > 0, "the finished job registered no model version");
        var version = await stack.RegistryClient.GetModelVersionAsync(new GetModelVersionRequest { Reference = $"replica-recovered/{final.ModelVersion}" });
        Assert.Equal(final.RunId, version.Lineage.RunId);
    }

    private static async Task<Sweep> WaitForSweepAsync(TrainingService.TrainingServiceClient client, string sweepId)
    {
        // Generous: at a load average of 80 a 3-epoch trial trains at ~16 images/s, and took more than 5 minutes.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(15);
        while (true)
        {
            var sweep = await client.GetSweepAsync(new GetSweepRequest { SweepId = sweepId });
            if (sweep.State != JobState.Running || DateTime.UtcNow > deadline)
            {
                return sweep;
            }

            await Task.Delay(500);
        }
    }

    /// <summary>
    /// Replicas "replica-a" and "replica-b" on a fresh database and a fresh Redis, each with a temporary data root that
    /// dispose deletes once both processes are gone.
    /// </summary>
    private sealed class Replicas : IAsyncDisposable
    {
        // Each replica's dataset cache and checkpoints: tens of MB per test run, left in /tmp otherwise.
        private readonly string[] dataRoots;

        private Replicas(RedisServer redis, ServiceProcess a, ServiceProcess b, string[] dataRoots) =>
            (Redis, A, B, this.dataRoots) = (redis, a, b, dataRoots);

        public RedisServer Redis { get; }

        public ServiceProcess A { get; }

        public ServiceProcess B { get; }

        public TrainingService.TrainingServiceClient ClientA => new(A.Channel);

        public TrainingService.TrainingServiceClient ClientB => new(B.Channel);

        public string Output => $"{A.Output}\n{B.Output}";

        public static async Task<Replicas> StartAsync(TrainingStack stack, PostgresServer postgres)
        {
            var database = await postgres.CreateDatabaseAsync();
            var dataRoots = new[] { NewDataRoot(), NewDataRoot() };
            var redis = await RedisServer.StartAsync();
            ServiceProcess? a = null;
            try
            {
                a = await StartReplicaAsync(stack, Settings("replica-a", database, redis), dataRoots[0]);
                var b = await StartReplicaAsync(stack, Settings("replica-b", database, redis), dataRoots[1]);
                return new Replicas(redis, a, b, dataRoots);
            }
            catch
            {
                if (a is not null)
                {
                    await a.DisposeAsync();
                }

                await redis.DisposeAsync();
                DeleteDataRoots(dataRoots);
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
            await Redis.DisposeAsync();
            DeleteDataRoots(dataRoots);
        }

        private static string NewDataRoot() => Directory.CreateTempSubdirectory("training-replica-").FullName;

        private static void DeleteDataRoots(IEnumerable<string> folders)
        {
            foreach (var folder in folders.Where(Directory.Exists))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        private static Task<ServiceProcess> StartReplicaAsync(TrainingStack stack, Dictionary<string, string?> settings, string dataRoot)
        {
            settings["DataRoot"] = dataRoot;
            settings["Services__ingestion"] = stack.Ingestion.GrpcAddress.ToString();
            settings["Services__registry"] = stack.Registry.GrpcAddress.ToString();
            settings["Training__ConfigRoot"] = Path.Combine(RepositoryLayout.Root, "configs");
            // Twice the default: two more processes on a loaded 2-core machine can take longer than two minutes to become healthy.
            return ServiceProcess.StartAsync("Training", settings, startTimeout: TimeSpan.FromMinutes(4));
        }

        private static Dictionary<string, string?> Settings(string name, string database, RedisServer redis) => new()
        {
            ["Metadata__Kind"] = "postgres",
            ["ConnectionStrings__metadata"] = database,
            ["ConnectionStrings__cache"] = redis.ConnectionString,
            ["Training__WorkerName"] = name,
            ["Training__Workers"] = "1",
            // A dead replica's job is claimed by the other after 12 s without renewal (the default is a minute). Shorter
            // leases (3 s) lapsed under a load average of 40 while their holder was alive, and two replicas trained one job.
            ["Training__ClaimIdleSeconds"] = "12",
        };
    }
}
