using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mlops.Registry.V1;

namespace Mlops.Cli.Tests.Fakes;

/// <summary>
/// A registry holding fashion/2 in production, fashion/3 (better) and fashion/4 (worse), and two runs; it refuses a
/// worse candidate the way the real registry does: FailedPrecondition, with the gate result stored on the version.
/// </summary>
public sealed class FakeRegistry : RegistryService.RegistryServiceBase
{
    public const double MinimumAccuracy = 0.85;

    private readonly Dictionary<int, ModelVersion> versions = new()
    {
        [2] = Version(2, 0.901, "production"),
        [3] = Version(3, 0.913),
        [4] = Version(4, 0.812),
    };

    private readonly Dictionary<string, Run> runs = new()
    {
        ["run-a"] = NewRun("run-a", 0.901, "0.001", "sha-dataset-1"),
        ["run-b"] = NewRun("run-b", 0.913, "0.0005", "sha-dataset-1"),
    };

    public List<ListRunsRequest> RunQueries { get; } = [];

    public List<string?> ApiKeysSeen { get; } = [];

    public List<PromoteModelRequest> Promotions { get; } = [];

    public override Task<ModelVersion> GetModelVersion(GetModelVersionRequest request, ServerCallContext context) =>
        Task.FromResult(Resolve(request.Reference));

    public override Task<ListModelsResponse> ListModels(ListModelsRequest request, ServerCallContext context)
    {
        var model = new RegisteredModel { Name = "fashion", LatestVersion = 4, CreatedAt = Timestamp.FromDateTime(new DateTime(2026, 1, 5, 9, 0, 0, DateTimeKind.Utc)) };
        model.Aliases.Add("production", ProductionVersion);
        return Task.FromResult(new ListModelsResponse { Models = { model } });
    }

    public override Task<PromoteModelResponse> PromoteModel(PromoteModelRequest request, ServerCallContext context)
    {
        Promotions.Add(request);
        var candidate = Resolve($"{request.ModelName}/{request.Version}");
        var accuracy = candidate.Metrics["test_accuracy"];
        var gate = new GateResult
        {
            Passed = accuracy >= MinimumAccuracy,
            Accuracy = accuracy,
            LatencyMsPerImage = 0.21,
            Samples = 1000,
            EvaluatedAt = Timestamp.FromDateTime(DateTime.UtcNow),
            Checks =
            {
                new GateCheck { Name = "min_accuracy", Measured = accuracy, Threshold = MinimumAccuracy, Passed = accuracy >= MinimumAccuracy, Message = "accuracy on the held-out test split" },
                new GateCheck { Name = "max_latency_ms", Measured = 0.21, Threshold = 5, Passed = true, Message = "mean latency per image" },
            },
        };
        candidate.GateResult = gate;
        if (!gate.Passed)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"The gate refused fashion/{request.Version} for 'production' (production stays at version {ProductionVersion}): min_accuracy {accuracy} < {MinimumAccuracy}."));
        }

        var previous = ProductionVersion;
        foreach (var version in versions.Values)
        {
            version.Aliases.Remove("production");
        }

        candidate.Aliases.Add("production");
        return Task.FromResult(new PromoteModelResponse
        {
            Gate = gate,
            Change = new AliasChange { ModelName = "fashion", Alias = "production", Version = request.Version, PreviousVersion = previous, Actor = request.Actor, Reason = request.Reason },
        });
    }

    public override Task<Run> GetRun(GetRunRequest request, ServerCallContext context) =>
        runs.TryGetValue(request.RunId, out var run)
            ? Task.FromResult(run)
            : throw new RpcException(new Status(StatusCode.NotFound, $"Run '{request.RunId}' does not exist."));

    /// <summary>run-b's two profiled epochs: 1 + 2 s waiting for data, 3 + 3 s forward, 4 + 4 s backward, 1 + 1 s optimizer, 0.5 + 0.5 s evaluation.</summary>
    public override Task<MetricHistory> GetMetricHistory(GetMetricHistoryRequest request, ServerCallContext context)
    {
        var history = new MetricHistory { RunId = request.RunId, Key = request.Key };
        double[] values = request.RunId != "run-b" ? [] : request.Key switch
        {
            "phase_data_wait_seconds" => [1, 2],
            "phase_forward_seconds" => [3, 3],
            "phase_backward_seconds" => [4, 4],
            "phase_optimizer_step_seconds" => [1, 1],
            "phase_evaluation_seconds" => [0.5, 0.5],
            _ => [],
        };
        history.Points.AddRange(values.Select((value, i) => new MetricPoint { Key = request.Key, Value = value, Epoch = i + 1, Step = (i + 1) * 10 }));
        return Task.FromResult(history);
    }

    public override Task<DeleteRunResponse> DeleteRun(DeleteRunRequest request, ServerCallContext context) =>
        runs.Remove(request.RunId)
            ? Task.FromResult(new DeleteRunResponse { RunId = request.RunId, DeletedPoints = 12 })
            : throw new RpcException(new Status(StatusCode.NotFound, $"Run '{request.RunId}' does not exist."));

    public override Task<ListRunsResponse> ListRuns(ListRunsRequest request, ServerCallContext context)
    {
        RunQueries.Add(request);
        ApiKeysSeen.Add(context.RequestHeaders.GetValue("x-api-key"));
        return Task.FromResult(new ListRunsResponse { Runs = { runs.Values } });
    }

    public override Task<RunComparison> CompareRuns(CompareRunsRequest request, ServerCallContext context)
    {
        var compared = request.RunIds.Select(id => runs.TryGetValue(id, out var run) ? run : throw new RpcException(new Status(StatusCode.NotFound, $"Run '{id}' does not exist."))).ToList();
        var comparison = new RunComparison { Runs = { compared } };
        foreach (var key in compared.SelectMany(run => run.Metrics.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            comparison.Metrics.Add(new MetricComparison { Key = key, Values = { compared.Select(run => run.Metrics.TryGetValue(key, out var v) ? v : double.NaN) } });
        }

        comparison.ConfigDifferences.Add(new ConfigDifference { Key = "optimizer.learning_rate", Values = { compared.Select(run => run.Tags["learning_rate"]) } });
        return Task.FromResult(comparison);
    }

    public int ProductionVersion => versions.Values.Single(version => version.Aliases.Contains("production")).Version;

    private ModelVersion Resolve(string reference)
    {
        var version = reference switch
        {
            "fashion" or "fashion@production" => ProductionVersion,
            _ when reference.StartsWith("fashion/", StringComparison.Ordinal) && int.TryParse(reference["fashion/".Length..], out var number) => number,
            _ => throw new RpcException(new Status(StatusCode.NotFound, $"No model version matches '{reference}'.")),
        };
        return versions.TryGetValue(version, out var found)
            ? found
            : throw new RpcException(new Status(StatusCode.NotFound, $"fashion has no version {version}."));
    }

    private static ModelVersion Version(int number, double accuracy, params string[] aliases)
    {
        var version = new ModelVersion
        {
            ModelName = "fashion",
            Version = number,
            Status = ModelVersionStatus.Ready,
            OnnxSha256 = new string((char)('a' + number), 64),
            SizeBytes = 412_000,
            Lineage = new Lineage { RunId = $"run-{number}", DatasetVersion = "sha-dataset-1" },
            Aliases = { aliases },
            ClassNames = { "T-shirt/top", "Trouser" },
            CreatedAt = Timestamp.FromDateTime(new DateTime(2026, 1, number, 12, 0, 0, DateTimeKind.Utc)),
        };
        version.Metrics.Add("test_accuracy", accuracy);
        return version;
    }

    private static Run NewRun(string id, double accuracy, string learningRate, string dataset)
    {
        var run = new Run
        {
            Id = id,
            Experiment = "baseline",
            Name = $"cnn-{learningRate}",
            Status = RunStatus.Finished,
            DatasetVersion = dataset,
            ConfigYaml = $"epochs: 10\noptimizer:\n  name: adam\n  learning_rate: {learningRate}\ndata:\n  dataset: fashion-mnist@latest\n",
            StartedAt = Timestamp.FromDateTime(new DateTime(2026, 1, 3, 10, 0, 0, DateTimeKind.Utc)),
        };
        run.Metrics.Add("test_accuracy", accuracy);
        run.Metrics.Add("val_loss", 1 - accuracy);
        run.Tags.Add("learning_rate", learningRate);
        return run;
    }
}
