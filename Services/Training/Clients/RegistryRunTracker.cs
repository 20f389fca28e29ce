using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Mlops.Registry.V1;
using Mlops.Training.Jobs;

namespace Mlops.Training.Clients;

/// <summary>Runs, metrics, artifacts and model versions recorded in the Registry service.</summary>
public sealed class RegistryRunTracker(RegistryService.RegistryServiceClient client) : IRunTracker
{
    private const int ChunkBytes = 1 << 20;

    public async Task<string> CreateRunAsync(RunStart start, CancellationToken cancellationToken)
    {
        var request = new CreateRunRequest
        {
            Experiment = start.Experiment,
            Name = start.Name,
            ConfigYaml = start.ConfigYaml,
            DatasetVersion = start.DatasetVersionId,
            GitCommit = start.GitCommit,
        };
        foreach (var (key, value) in start.Tags)
        {
            request.Tags[key] = value;
        }

        var run = await client.CreateRunAsync(request, cancellationToken: cancellationToken);
        return run.Id;
    }

    public async Task LogMetricsAsync(string runId, IReadOnlyList<MetricValue> points, CancellationToken cancellationToken)
    {
        var request = new LogMetricsRequest { RunId = runId };
        request.Points.AddRange(points.Select(p => new MetricPoint { Key = p.Key, Value = p.Value, Step = p.Step, Epoch = p.Epoch }));
        await client.LogMetricsAsync(request, cancellationToken: cancellationToken);
    }

    public async Task FinishRunAsync(RunEnd end, CancellationToken cancellationToken)
    {
        var request = new FinishRunRequest
        {
            RunId = end.RunId,
            Status = end.Outcome switch
            {
                RunOutcome.Failed => RunStatus.Failed,
                RunOutcome.Cancelled => RunStatus.Cancelled,
                _ => RunStatus.Finished,
            },
            FailureReason = end.FailureReason,
        };
        foreach (var (key, value) in end.FinalMetrics)
        {
            request.FinalMetrics[key] = value;
        }

        if (end.ConfusionMatrix is { } matrix && end.ClassNames is { } names)
        {
            request.ConfusionMatrix = new ConfusionMatrix();
            request.ConfusionMatrix.ClassNames.AddRange(names);
            request.ConfusionMatrix.Counts.AddRange(matrix.SelectMany(row => row.Select(c => (long)c)));
        }
        await client.FinishRunAsync(request, cancellationToken: cancellationToken);
    }

    public async Task<string> UploadArtifactAsync(string runId, string name, string mediaType, byte[] content, CancellationToken cancellationToken)
    {
        using var call = client.UploadArtifact(cancellationToken: cancellationToken);
        await call.RequestStream.WriteAsync(new UploadArtifactRequest
        {
            Header = new ArtifactHeader { Name = name, MediaType = mediaType, RunId = runId },
        }, cancellationToken);
        for (var offset = 0; offset < content.Length; offset += ChunkBytes)
        {
            var chunk = ByteString.CopyFrom(content, offset, Math.Min(ChunkBytes, content.Length - offset));
            await call.RequestStream.WriteAsync(new UploadArtifactRequest { Chunk = chunk }, cancellationToken);
        }
        await call.RequestStream.CompleteAsync();
        var artifact = await call;
        return artifact.Sha256;
    }

    public async Task<IReadOnlyList<RunArtifact>> ListArtifactsAsync(string runId, CancellationToken cancellationToken)
    {
        var run = await client.GetRunAsync(new GetRunRequest { RunId = runId }, cancellationToken: cancellationToken);
        return run.Artifacts.Select(a => new RunArtifact(a.Name, a.Sha256, a.MediaType, a.SizeBytes)).ToList();
    }

    public async Task<byte[]> DownloadArtifactAsync(string sha256, CancellationToken cancellationToken)
    {
        using var call = client.DownloadArtifact(new DownloadArtifactRequest { Sha256 = sha256 }, cancellationToken: cancellationToken);
        using var content = new MemoryStream();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            chunk.Content.WriteTo(content);
        }

        var bytes = content.ToArray();
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return actual == sha256.ToLowerInvariant()
            ? bytes
            : throw new InvalidDataException($"Artifact {sha256} arrived as bytes that hash to {actual}; it was not used.");
    }

    public async Task RemoveArtifactAsync(string runId, string sha256, CancellationToken cancellationToken) =>
        await client.RemoveRunArtifactAsync(new RemoveRunArtifactRequest { RunId = runId, Sha256 = sha256 }, cancellationToken: cancellationToken);

    public async Task<string> ModelWeightsAsync(string reference, CancellationToken cancellationToken)
    {
        ModelVersion version;
        try
        {
            version = await client.GetModelVersionAsync(new GetModelVersionRequest { Reference = reference }, cancellationToken: cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            throw new ModelVersionNotFoundException($"init.from_model: the Registry has no model version '{reference}' ({e.Status.Detail})");
        }

        return version.WeightsSha256.Length > 0
            ? version.WeightsSha256
            : throw new ModelVersionNotFoundException(
                $"init.from_model: model version {version.ModelName}/{version.Version} has no TorchSharp weights to start from (only its ONNX file)");
    }

    public async Task<int> RegisterModelVersionAsync(ModelRegistration registration, CancellationToken cancellationToken)
    {
        var request = new RegisterModelVersionRequest
        {
            ModelName = registration.ModelName,
            OnnxSha256 = registration.OnnxSha256,
            WeightsSha256 = registration.WeightsSha256,
            Description = registration.Description,
            Lineage = new Lineage
            {
                RunId = registration.RunId,
                DatasetVersion = registration.DatasetVersionId,
                ConfigYaml = registration.ConfigYaml,
                GitCommit = registration.GitCommit,
            },
        };
        request.ClassNames.AddRange(registration.ClassNames);
        foreach (var (key, value) in registration.Metrics)
        {
            request.Metrics[key] = value;
        }

        var version = await client.RegisterModelVersionAsync(request, cancellationToken: cancellationToken);
        return version.Version;
    }
}
