using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mlops.Common.V1;
using Mlops.Registry.Model;
using Mlops.Registry.V1;
using Mlops.Scoring;
using static Mlops.Common.V1.MessageFields;
using DeliveryStatus = Mlops.Webhooks.WebhookDeliveryStatus;

namespace Mlops.Registry.Grpc;

/// <summary>
/// The one place where the registry's records meet the generated contract types, both ways. Runs, model versions and
/// the alias changes of webhook deliveries are also stored as their contract encoding (<see cref="ToBytes(ExperimentRun)"/>),
/// so databases written before keep reading.
/// </summary>
public static class RegistryMapping
{
    public static ExperimentRun ToDomain(this Run run) => new()
    {
        Id = run.Id,
        Experiment = run.Experiment,
        Name = run.Name,
        Status = (RunState)run.Status,
        ConfigYaml = run.ConfigYaml,
        DatasetVersionId = run.DatasetVersion,
        GitCommit = run.GitCommit,
        Tags = new Dictionary<string, string>(run.Tags),
        Metrics = new Dictionary<string, double>(run.Metrics),
        Artifacts = [.. run.Artifacts.Select(ToDomain)],
        ConfusionMatrix = run.ConfusionMatrix?.ToDomain(),
        FailureReason = run.FailureReason,
        StartedAt = run.StartedAt?.ToDateTimeOffset() ?? default,
        FinishedAt = run.FinishedAt?.ToDateTimeOffset(),
        Archived = run.Archived,
    };

    public static Run ToMessage(this ExperimentRun run)
    {
        var message = new Run
        {
            Id = run.Id,
            Experiment = run.Experiment,
            Name = run.Name,
            Status = (RunStatus)run.Status,
            ConfigYaml = run.ConfigYaml,
            DatasetVersion = run.DatasetVersionId,
            GitCommit = run.GitCommit,
            ConfusionMatrix = run.ConfusionMatrix?.ToMessage(),
            FailureReason = run.FailureReason,
            StartedAt = Timestamp.FromDateTimeOffset(run.StartedAt),
            FinishedAt = Stamp(run.FinishedAt),
            Archived = run.Archived,
        };
        Fill(message.Tags, run.Tags);
        Fill(message.Metrics, run.Metrics);
        message.Artifacts.AddRange(run.Artifacts.Select(ToMessage));
        return message;
    }

    public static MetricSample ToDomain(this MetricPoint point) =>
        new(point.Key, point.Value, point.Step, point.Epoch, point.Timestamp?.ToDateTimeOffset());

    public static MetricPoint ToMessage(this MetricSample point) => new()
    {
        Key = point.Key,
        Value = point.Value,
        Step = point.Step,
        Epoch = point.Epoch,
        Timestamp = Stamp(point.Timestamp),
    };

    public static ConfusionCounts ToDomain(this ConfusionMatrix matrix) => new([.. matrix.ClassNames], [.. matrix.Counts]);

    public static ConfusionMatrix ToMessage(this ConfusionCounts matrix) => new() { ClassNames = { matrix.ClassNames }, Counts = { matrix.Counts } };

    public static NewRun ToDomain(this CreateRunRequest request) => new()
    {
        Experiment = request.Experiment,
        Name = request.Name,
        ConfigYaml = request.ConfigYaml,
        DatasetVersionId = request.DatasetVersion,
        GitCommit = request.GitCommit,
        Tags = new Dictionary<string, string>(request.Tags),
    };

    public static RunEnding ToDomain(this FinishRunRequest request) => new()
    {
        RunId = request.RunId,
        Status = (RunState)request.Status,
        FinalMetrics = new Dictionary<string, double>(request.FinalMetrics),
        ConfusionMatrix = request.ConfusionMatrix?.ToDomain(),
        FailureReason = request.FailureReason,
    };

    public static RunQuery ToDomain(this ListRunsRequest request) => new()
    {
        Experiment = request.Experiment,
        Status = (RunState)request.Status,
        DatasetVersionId = request.DatasetVersion,
        MetricFilters = [.. request.MetricFilters],
        OrderBy = request.OrderBy,
        PageSize = request.Page?.PageSize ?? 0,
        PageToken = request.Page?.PageToken ?? "",
        IncludeArchived = request.IncludeArchived,
    };

    public static RunComparison ToMessage(this RunsCompared comparison)
    {
        var message = new RunComparison();
        message.Runs.AddRange(comparison.Runs.Select(ToMessage));
        message.Metrics.AddRange(comparison.Metrics.Select(row => new MetricComparison { Key = row.Key, Values = { row.Values } }));
        message.ConfigDifferences.AddRange(comparison.ConfigDifferences.Select(row => new ConfigDifference { Key = row.Key, Values = { row.Values } }));
        return message;
    }

    public static DeleteRunResponse ToMessage(this RunDeletion deletion) => new() { RunId = deletion.RunId, DeletedPoints = deletion.DeletedPoints };

    public static DatasetUsage ToMessage(this DatasetUsageReport usage) => new()
    {
        DatasetVersion = usage.DatasetVersionId,
        RunIds = { usage.RunIds },
        ModelVersions = { usage.ModelVersions },
        ActiveModelVersions = { usage.ActiveModelVersions },
        AliasedModelVersions = { usage.AliasedModelVersions },
    };

    public static ArtifactEntry ToDomain(this Artifact artifact) =>
        new(artifact.Sha256, artifact.Name, artifact.MediaType, artifact.SizeBytes, artifact.RunId);

    public static Artifact ToMessage(this ArtifactEntry artifact) => new()
    {
        Sha256 = artifact.Sha256,
        Name = artifact.Name,
        MediaType = artifact.MediaType,
        SizeBytes = artifact.SizeBytes,
        RunId = artifact.RunId,
    };

    public static ArtifactUpload ToDomain(this ArtifactHeader header) => new(header.Name, header.MediaType, header.RunId, header.ExpectedSha256);

    public static CollectGarbageResponse ToMessage(this GarbageCollected collected) =>
        new() { RemovedSha256 = { collected.RemovedSha256 }, FreedBytes = collected.FreedBytes };

    public static RegisteredVersion ToDomain(this ModelVersion version) => new()
    {
        ModelName = version.ModelName,
        Version = version.Version,
        Status = (VersionState)version.Status,
        OnnxSha256 = version.OnnxSha256,
        WeightsSha256 = version.WeightsSha256,
        SizeBytes = version.SizeBytes,
        Signature = version.Signature?.ToDomain(),
        ClassNames = [.. version.ClassNames],
        Metrics = new Dictionary<string, double>(version.Metrics),
        Lineage = version.Lineage?.ToDomain(),
        Aliases = [.. version.Aliases],
        GateResult = version.GateResult?.ToDomain(),
        Description = version.Description,
        CreatedAt = version.CreatedAt?.ToDateTimeOffset(),
    };

    public static ModelVersion ToMessage(this RegisteredVersion version)
    {
        var message = new ModelVersion
        {
            ModelName = version.ModelName,
            Version = version.Version,
            Status = (ModelVersionStatus)version.Status,
            OnnxSha256 = version.OnnxSha256,
            WeightsSha256 = version.WeightsSha256,
            SizeBytes = version.SizeBytes,
            Signature = version.Signature?.ToMessage(),
            Lineage = version.Lineage?.ToMessage(),
            GateResult = version.GateResult?.ToMessage(),
            Description = version.Description,
            CreatedAt = Stamp(version.CreatedAt),
        };
        message.ClassNames.AddRange(version.ClassNames);
        Fill(message.Metrics, version.Metrics);
        message.Aliases.AddRange(version.Aliases);
        return message;
    }

    public static TensorSignature ToDomain(this ModelSignature signature) =>
        new([.. signature.Inputs.Select(ToDomain)], [.. signature.Outputs.Select(ToDomain)]);

    public static ModelSignature ToMessage(this TensorSignature signature) =>
        new() { Inputs = { signature.Inputs.Select(ToMessage) }, Outputs = { signature.Outputs.Select(ToMessage) } };

    public static TensorDescription ToDomain(this TensorSpec spec) => new(spec.Name, spec.Datatype, [.. spec.Shape]);

    public static TensorSpec ToMessage(this TensorDescription spec) => new() { Name = spec.Name, Datatype = spec.Datatype, Shape = { spec.Shape } };

    public static VersionLineage ToDomain(this Lineage lineage) => new()
    {
        RunId = lineage.RunId,
        DatasetVersionId = lineage.DatasetVersion,
        ConfigYaml = lineage.ConfigYaml,
        GitCommit = lineage.GitCommit,
    };

    public static Lineage ToMessage(this VersionLineage lineage) => new()
    {
        RunId = lineage.RunId,
        DatasetVersion = lineage.DatasetVersionId,
        ConfigYaml = lineage.ConfigYaml,
        GitCommit = lineage.GitCommit,
    };

    public static GateVerdict ToDomain(this GateResult result) => new()
    {
        Passed = result.Passed,
        Checks = [.. result.Checks.Select(check => new GateCheckOutcome(check.Name, check.Passed, check.Measured, check.Threshold, check.Message))],
        Accuracy = result.Accuracy,
        LatencyMsPerImage = result.LatencyMsPerImage,
        Samples = result.Samples,
        EvaluatedAt = result.EvaluatedAt?.ToDateTimeOffset(),
    };

    public static GateResult ToMessage(this GateVerdict verdict)
    {
        var message = new GateResult
        {
            Passed = verdict.Passed,
            Accuracy = verdict.Accuracy,
            LatencyMsPerImage = verdict.LatencyMsPerImage,
            Samples = verdict.Samples,
            EvaluatedAt = Stamp(verdict.EvaluatedAt),
        };
        message.Checks.AddRange(verdict.Checks.Select(check => new GateCheck
        {
            Name = check.Name,
            Passed = check.Passed,
            Measured = check.Measured,
            Threshold = check.Threshold,
            Message = check.Message,
        }));
        return message;
    }

    public static RegisteredModel ToMessage(this ModelSummary model)
    {
        var message = new RegisteredModel { Name = model.Name, LatestVersion = model.LatestVersion, CreatedAt = Stamp(model.CreatedAt) };
        Fill(message.Aliases, model.Aliases);
        return message;
    }

    public static VersionRegistration ToDomain(this RegisterModelVersionRequest request) => new()
    {
        ModelName = request.ModelName,
        OnnxSha256 = request.OnnxSha256,
        WeightsSha256 = request.WeightsSha256,
        Signature = request.Signature?.ToDomain(),
        ClassNames = [.. request.ClassNames],
        Metrics = new Dictionary<string, double>(request.Metrics),
        Lineage = request.Lineage?.ToDomain(),
        Description = request.Description,
    };

    public static AliasMove ToDomain(this AliasChange change) => new()
    {
        ModelName = change.ModelName,
        Alias = change.Alias,
        Version = change.Version,
        PreviousVersion = change.PreviousVersion,
        Actor = change.Actor,
        Reason = change.Reason,
        ChangedAt = change.ChangedAt?.ToDateTimeOffset(),
        Snapshot = change.Snapshot,
    };

    public static AliasChange ToMessage(this AliasMove change) => new()
    {
        ModelName = change.ModelName,
        Alias = change.Alias,
        Version = change.Version,
        PreviousVersion = change.PreviousVersion,
        Actor = change.Actor,
        Reason = change.Reason,
        ChangedAt = Stamp(change.ChangedAt),
        Snapshot = change.Snapshot,
    };

    public static AliasRequest ToDomain(this SetAliasRequest request) =>
        new(request.ModelName, request.Alias, request.Version, request.Reason, request.Actor);

    public static AliasRequest ToDomain(this PromoteModelRequest request) =>
        new(request.ModelName, request.Alias, request.Version, request.Reason, request.Actor);

    public static PromoteModelResponse ToMessage(this PromotionOutcome outcome) =>
        new() { Gate = outcome.Gate?.ToMessage(), Change = outcome.Change.ToMessage() };

    public static WebhookDelivery ToMessage(this WebhookDeliveryEntry delivery) => new()
    {
        Id = delivery.Id,
        Url = delivery.Url,
        Status = delivery.Status switch
        {
            DeliveryStatus.Pending => WebhookDeliveryStatus.Pending,
            DeliveryStatus.Delivered => WebhookDeliveryStatus.Delivered,
            _ => WebhookDeliveryStatus.Failed,
        },
        Attempts = delivery.Attempts,
        LastError = delivery.LastError,
        Change = delivery.Change.ToMessage(),
        CreatedAt = Timestamp.FromDateTimeOffset(delivery.CreatedAt),
        UpdatedAt = Timestamp.FromDateTimeOffset(delivery.UpdatedAt),
    };

    /// <summary>The delivery status a listing asks for; null (every status) for unspecified.</summary>
    public static DeliveryStatus? ToDomain(this WebhookDeliveryStatus status) => status switch
    {
        WebhookDeliveryStatus.Pending => DeliveryStatus.Pending,
        WebhookDeliveryStatus.Delivered => DeliveryStatus.Delivered,
        WebhookDeliveryStatus.Failed => DeliveryStatus.Failed,
        _ => null,
    };

    public static byte[] ToBytes(this ExperimentRun run) => run.ToMessage().ToByteArray();

    public static ExperimentRun RunFromBytes(byte[] bytes) => Run.Parser.ParseFrom(bytes).ToDomain();

    public static byte[] ToBytes(this RegisteredVersion version) => version.ToMessage().ToByteArray();

    public static RegisteredVersion VersionFromBytes(byte[] bytes) => ModelVersion.Parser.ParseFrom(bytes).ToDomain();

    public static byte[] ToBytes(this AliasMove change) => change.ToMessage().ToByteArray();

    public static AliasMove AliasMoveFromBytes(byte[] bytes) => AliasChange.Parser.ParseFrom(bytes).ToDomain();

    /// <summary>The contract's JSON form of a version, as Redis subscribers of "mlops:models" read it.</summary>
    public static string ToContractJson(this RegisteredVersion version) => JsonFormatter.Default.Format(version.ToMessage());
}
