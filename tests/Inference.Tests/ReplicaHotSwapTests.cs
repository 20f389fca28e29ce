using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Mlops.Inference.V1;
using Mlops.TestSupport;

namespace Mlops.Inference.Tests;

/// <summary>
/// Two inference replicas as the AppHost runs them with Replicas:Inference=2: separate processes that share nothing but the
/// registry (here on PostgreSQL, as with replicas), each following the alias on its own.
/// </summary>
public sealed class ReplicaHotSwapTests : IAsyncLifetime
{
    private const string Model = "replicated";
    private const string Alias = "staging";
    private const int ClientsPerReplica = 3;
    private readonly string dataRoot = Directory.CreateTempSubdirectory("mlops-inference-replicas-").FullName;
    private PostgresServer postgres = null!;
    private ServiceProcess registry = null!;
    private DriftRecorder drift = null!;
    private readonly List<ServiceProcess> replicas = [];

    public async Task InitializeAsync()
    {
        postgres = await PostgresServer.StartAsync();
        registry = await ServiceProcess.StartAsync("Registry", new Dictionary<string, string?>
        {
            ["DataRoot"] = dataRoot,
            ["Metadata__Kind"] = "postgres",
            ["ConnectionStrings__metadata"] = await postgres.CreateDatabaseAsync(),
        });
        drift = await DriftRecorder.StartAsync();
    }

    [Fact]
    public async Task Both_replicas_serve_and_both_swap_to_the_promoted_version_with_no_failed_request()
    {
        var calls = new RegistryCalls(registry.Channel);
        var first = await calls.RegisterAsync(Model, Models.First);
        await calls.MoveAliasAsync(Model, Alias, first);
        for (var replica = 0; replica < 2; replica++)
        {
            // Healthy only once the model is loaded, so each replica serves version 1 when it is started.
            replicas.Add(await ServiceProcess.StartAsync("Inference", new Dictionary<string, string?>
            {
                ["Services__registry"] = registry.GrpcAddress.ToString(),
                ["Services__drift"] = drift.Address.ToString(),
                ["Inference__Alias"] = Alias,
                ["Inference__Models__0"] = Model,
            }));
        }

        var second = await calls.RegisterAsync(Model, Models.Second);
        var failures = new ConcurrentQueue<string>();
        var seen = replicas.Select(_ => new ConcurrentDictionary<int, int>()).ToArray();
        var swappedAt = new ConcurrentDictionary<(int Replica, int Client), Stopwatch>();
        // A backstop only: each loop ends about a second after it has seen the new version.
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(5));

        async Task Load(int replica, int client)
        {
            var inference = new InferenceService.InferenceServiceClient(replicas[replica].Channel);
            var last = 0;
            for (var index = client; !stop.IsCancellationRequested; index++)
            {
                try
                {
                    var answer = await inference.PredictAsync(Requests.Raw(index % Models.Test.Count, model: Model));
                    if (answer.ModelVersion < last)
                    {
                        failures.Enqueue($"replica {replica} client {client} went back from v{last} to v{answer.ModelVersion}");
                        return;
                    }

                    last = answer.ModelVersion;
                    seen[replica].AddOrUpdate(answer.ModelVersion, 1, (_, count) => count + 1);
                    if (answer.ModelVersion == second && swappedAt.GetOrAdd((replica, client), _ => Stopwatch.StartNew()).Elapsed > TimeSpan.FromSeconds(1))
                    {
                        return;
                    }
                }
                catch (RpcException error)
                {
                    failures.Enqueue($"replica {replica} client {client}: {error.Status}");
                    return;
                }
            }
        }

        var load = Enumerable.Range(0, replicas.Count)
            .SelectMany(replica => Enumerable.Range(0, ClientsPerReplica).Select(client => Load(replica, client)))
            .ToList();
        // Promote only once both replicas answer under load, however long the loaded machine takes to get going.
        var waited = Stopwatch.StartNew();
        while (!seen.All(answers => answers.ContainsKey(first)) && failures.IsEmpty && waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(100);
        }

        await calls.MoveAliasAsync(Model, Alias, second);
        await Task.WhenAll(load);

        Assert.True(failures.IsEmpty, string.Join('\n', failures));
        for (var replica = 0; replica < replicas.Count; replica++)
        {
            Assert.True(seen[replica].ContainsKey(first), $"replica {replica} never answered with v{first}");
            Assert.True(seen[replica].ContainsKey(second), $"replica {replica} never answered with v{second}\n{replicas[replica].Output}");
        }

        using var reference = new ReferenceScorer(Models.Second);
        foreach (var replica in replicas)
        {
            var after = await new InferenceService.InferenceServiceClient(replica.Channel).PredictAsync(Requests.Raw(42, model: Model));
            Assert.Equal(second, after.ModelVersion);
            Assert.Equal(reference.Probabilities(Models.Test.Image(42)), after.Probabilities.ToArray(), (a, b) => Math.Abs(a - b) < 1e-5f);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in replicas)
        {
            await replica.DisposeAsync();
        }

        if (registry is not null)
        {
            await registry.DisposeAsync();
        }

        if (drift is not null)
        {
            await drift.DisposeAsync();
        }

        if (postgres is not null)
        {
            await postgres.DisposeAsync();
        }

        Directory.Delete(dataRoot, recursive: true);
    }
}
