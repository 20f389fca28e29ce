using System.Collections.Concurrent;
using Mlops.Automation.Engine;

namespace Mlops.Automation.Tests;

/// <summary>
/// Stands in for Training, Registry and Ingestion in the engine's tests: records what the rules asked for and answers
/// from what the test set up. The real services are driven by the end-to-end closed-loop test.
/// </summary>
internal sealed class RecordingPlatform : IPlatform
{
    private int nextJob;

    public ConcurrentQueue<TrainingRequest> Submitted { get; } = new();

    public ConcurrentQueue<(string Model, int Version, string Alias)> Promotions { get; } = new();

    public ConcurrentDictionary<string, JobStatus> Jobs { get; } = new();

    public Dictionary<string, List<DatasetVersionInfo>> Datasets { get; } = [];

    public Dictionary<string, AliasTarget> Production { get; } = [];

    public string? GateRefusal { get; set; }

    public Task<JobStatus> SubmitTrainingAsync(TrainingRequest request, CancellationToken cancellationToken)
    {
        Submitted.Enqueue(request);
        var job = new JobStatus($"job-{Interlocked.Increment(ref nextJob)}", JobPhase.Queued, request.Model, 0, "", "");
        Jobs[job.Id] = job;
        return Task.FromResult(job);
    }

    public Task<JobStatus> GetJobAsync(string jobId, CancellationToken cancellationToken) =>
        Jobs.TryGetValue(jobId, out var job) ? Task.FromResult(job) : throw new PlatformCallException($"training answered NotFound: no job {jobId}");

    public Task<PromotionOutcome> PromoteAsync(string model, int version, string alias, string reason, CancellationToken cancellationToken)
    {
        Promotions.Enqueue((model, version, alias));
        return Task.FromResult(GateRefusal is { } refusal
            ? new PromotionOutcome(false, refusal)
            : new PromotionOutcome(true, $"{model}@{alias} moved to version {version}"));
    }

    public Task<AliasTarget?> GetAliasTargetAsync(string model, string alias, CancellationToken cancellationToken) =>
        Task.FromResult(Production.GetValueOrDefault(model));

    public Task<IReadOnlyList<DatasetVersionInfo>> ListDatasetVersionsAsync(string dataset, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DatasetVersionInfo>>(Datasets.TryGetValue(dataset, out var versions)
            ? [.. versions.OrderByDescending(version => version.CreatedAt)]
            : []);
}
