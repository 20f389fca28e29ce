using System.Globalization;
using Mlops.Registry.Model;
using Mlops.Registry.Repositories;
using Mlops.ServiceDefaults;

namespace Mlops.Registry.Runs;

/// <summary>Experiment tracking: runs, their metric series, their final metrics and their comparison.</summary>
public sealed class RunStore(IRunRepository runs, TimeProvider clock)
{
    public const int DefaultPageSize = 100;

    // One writer at a time: a run's stored record is read, changed and written back.
    private readonly Lock writeLock = new();

    public ExperimentRun Create(NewRun request)
    {
        RunRequestLimits.ValidateCreate(request);
        var run = new ExperimentRun
        {
            Id = Guid.CreateVersion7().ToString("N"),
            Experiment = request.Experiment.Trim(),
            Name = request.Name,
            Status = RunState.Running,
            ConfigYaml = request.ConfigYaml,
            DatasetVersionId = request.DatasetVersionId,
            GitCommit = request.GitCommit,
            Tags = new Dictionary<string, string>(request.Tags),
            StartedAt = Now(),
        };
        runs.Insert(run);
        return run;
    }

    public ExperimentRun Get(string runId) =>
        (string.IsNullOrWhiteSpace(runId) ? null : runs.Find(runId))
        ?? throw RegistryException.NotFound($"No run '{EchoedInput.Of(runId)}'. ListRuns shows the runs there are.");

    public int LogMetrics(string runId, IReadOnlyList<MetricSample> points)
    {
        RunRequestLimits.ValidateMetrics(points);

        lock (writeLock)
        {
            var run = Get(runId);
            if (run.Status != RunState.Running)
            {
                throw RegistryException.FailedPrecondition($"Run '{runId}' is {run.Status}; metrics can only be logged while it is running.");
            }

            var now = Now();
            var stamped = points.Select(point => point with { Timestamp = point.Timestamp ?? now }).ToList();
            var metrics = new Dictionary<string, double>(run.Metrics);
            foreach (var point in stamped)
            {
                metrics[point.Key] = point.Value;
            }

            runs.AppendMetrics(run with { Metrics = metrics }, stamped);
            return stamped.Count;
        }
    }

    public ExperimentRun Finish(RunEnding request)
    {
        RunRequestLimits.ValidateFinish(request);

        if (request.ConfusionMatrix is { } matrix)
        {
            var classes = matrix.ClassNames.Count;
            if (matrix.Counts.Count != classes * classes)
            {
                throw RegistryException.InvalidArgument(
                    $"The confusion matrix has {classes} class names, so it needs {classes * classes} counts, not {matrix.Counts.Count}.");
            }
        }

        lock (writeLock)
        {
            var run = Get(request.RunId);
            if (run.Status != RunState.Running)
            {
                throw RegistryException.FailedPrecondition($"Run '{run.Id}' already ended as {run.Status} at {run.FinishedAt}.");
            }

            var metrics = new Dictionary<string, double>(run.Metrics);
            foreach (var (key, value) in request.FinalMetrics)
            {
                // A final value replaces the last logged value of the same metric (e.g. val_accuracy).
                metrics[key] = value;
            }

            var ended = run with
            {
                Status = request.Status,
                FinishedAt = Now(),
                FailureReason = request.FailureReason,
                Metrics = metrics,
                ConfusionMatrix = request.ConfusionMatrix ?? run.ConfusionMatrix,
            };
            runs.Update(ended);
            return ended;
        }
    }

    /// <summary>Adds an artifact to the run's list (once per sha256).</summary>
    public void AttachArtifact(string runId, ArtifactEntry artifact)
    {
        lock (writeLock)
        {
            var run = Get(runId);
            if (run.Artifacts.Any(existing => existing.Sha256 == artifact.Sha256))
            {
                return;
            }

            runs.Update(run with { Artifacts = [.. run.Artifacts, artifact] });
        }
    }

    /// <summary>Takes an artifact off the run's list.</summary>
    public ExperimentRun DetachArtifact(string runId, string sha256)
    {
        lock (writeLock)
        {
            var run = Get(runId);
            if (run.Artifacts.All(existing => existing.Sha256 != sha256))
            {
                throw RegistryException.NotFound($"Run '{run.Id}' has no artifact with sha256 {sha256}.");
            }

            var detached = run with { Artifacts = [.. run.Artifacts.Where(existing => existing.Sha256 != sha256)] };
            runs.Update(detached);
            return detached;
        }
    }

    /// <summary>Marks an ended run archived (hidden from ListRuns unless include_archived).</summary>
    public ExperimentRun MarkArchived(string runId)
    {
        lock (writeLock)
        {
            var run = Get(runId);
            if (run.Archived)
            {
                return run;
            }

            var archived = run with { Archived = true };
            runs.Update(archived);
            return archived;
        }
    }

    public (IReadOnlyList<ExperimentRun> Runs, string NextPageToken) List(RunQuery request)
    {
        var filters = request.MetricFilters.Select(MetricFilter.Parse).ToList();
        var order = RunOrder.Parse(request.OrderBy);
        var pageSize = PageLimits.Resolve(request.PageSize, DefaultPageSize, "page.page_size");
        var offset = 0;
        if (!string.IsNullOrEmpty(request.PageToken)
            && !int.TryParse(request.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            throw RegistryException.InvalidArgument($"Page token '{request.PageToken}' was not given by ListRuns; pass back next_page_token unchanged.");
        }

        var matching = runs.List(NullIfEmpty(request.Experiment), request.Status, NullIfEmpty(request.DatasetVersionId))
            .Where(run => request.IncludeArchived || !run.Archived)
            .Where(run => filters.All(filter => filter.Matches(run.Metrics)));
        var ordered = order.Apply(matching).ToList();
        var page = ordered.Skip(offset).Take(pageSize).ToList();
        var next = offset + page.Count < ordered.Count ? (offset + page.Count).ToString(CultureInfo.InvariantCulture) : "";
        return (page, next);
    }

    public IReadOnlyList<MetricSample> MetricHistory(string runId, string key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw RegistryException.InvalidArgument("Give the metric key whose history to read (e.g. 'val_loss').");
        }

        Get(runId);
        return runs.MetricHistory(runId, key);
    }

    public RunsCompared Compare(IReadOnlyList<string> runIds)
    {
        if (runIds.Count < 2)
        {
            throw RegistryException.InvalidArgument($"CompareRuns needs at least two run ids, got {runIds.Count}.");
        }

        var compared = runIds.Select(Get).ToList();
        var metrics = compared.SelectMany(run => run.Metrics.Keys).Distinct().Order(StringComparer.Ordinal)
            .Select(key => new MetricRow(key, [.. compared.Select(run => run.Metrics.TryGetValue(key, out var value) ? value : double.NaN)]))
            .ToList();
        var configs = compared.Select(Settings).ToList();
        var differences = configs.SelectMany(config => config.Keys).Distinct().Order(StringComparer.Ordinal)
            .Select(key => new ConfigRow(key, [.. configs.Select(config => config.TryGetValue(key, out var value) ? value : "")]))
            .Where(row => row.Values.Distinct(StringComparer.Ordinal).Count() > 1)
            .ToList();
        return new RunsCompared(compared, metrics, differences);
    }

    private static Dictionary<string, string> Settings(ExperimentRun run)
    {
        var settings = new Dictionary<string, string>(ConfigFlattener.Flatten(run.ConfigYaml), StringComparer.Ordinal)
        {
            ["dataset_version"] = run.DatasetVersionId,
            ["git_commit"] = run.GitCommit,
        };
        return settings;
    }

    private DateTimeOffset Now() => clock.GetUtcNow();

    private static string? NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;
}
