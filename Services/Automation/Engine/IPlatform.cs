namespace Mlops.Automation.Engine;

/// <summary>The calls the automation makes on the other services, in its own terms (implemented over gRPC in Clients/).</summary>
public interface IPlatform
{
    Task<JobStatus> SubmitTrainingAsync(TrainingRequest request, CancellationToken cancellationToken);

    Task<JobStatus> GetJobAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Runs the gate and moves the alias when it passes; a refusal is an outcome, not an exception.</summary>
    Task<PromotionOutcome> PromoteAsync(string model, int version, string alias, string reason, CancellationToken cancellationToken);

    /// <summary>The version an alias points at, or null when the model or alias does not exist.</summary>
    Task<AliasTarget?> GetAliasTargetAsync(string model, string alias, CancellationToken cancellationToken);

    /// <summary>A dataset's versions, newest first (empty when there is no such dataset).</summary>
    Task<IReadOnlyList<DatasetVersionInfo>> ListDatasetVersionsAsync(string dataset, CancellationToken cancellationToken);
}

public sealed record TrainingRequest(string Config, IReadOnlyList<string> Overrides, string Model, string RequestedBy);

public enum JobPhase
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

public sealed record JobStatus(string Id, JobPhase Phase, string Model, int ModelVersion, string DatasetVersion, string Error)
{
    public bool HasEnded => Phase is JobPhase.Succeeded or JobPhase.Failed or JobPhase.Cancelled;
}

public sealed record PromotionOutcome(bool Promoted, string Detail);

public sealed record AliasTarget(string Model, int Version, string DatasetVersion);

public sealed record DatasetVersionInfo(string Dataset, string Id, DateTimeOffset CreatedAt);
