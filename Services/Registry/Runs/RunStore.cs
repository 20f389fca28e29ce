using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Mlops.Registry.Repositories;
using Mlops.Registry.V1;
using Mlops.ServiceDefaults;

namespace Mlops.Registry.Runs;

/// <summary>Experiment tracking: runs, their metric series, their final metrics and their comparison.</summary>
public sealed class RunStore(IRunRepository runs, TimeProvider clock)
{
    public const int DefaultPageSize = 100;

    // One writer at a time: a run's stored message is read, changed and written back.
    private readonly Lock writeLock = new();

    public Run Create(CreateRunRequest request)
    {
        RunRequestLimits.ValidateCreate(request);
        var run = new Run
        {
            Id = Guid.CreateVersion7().ToString("N"),
            Experiment = request.Experiment.Trim(),
            Name = request.Name,
            Status = RunStatus.Running,
            ConfigYaml = request.ConfigYaml,
            DatasetVersion = request.DatasetVersion,
            GitCommit = request.GitCommit,
            StartedAt = Now(),
        };
        run.Tags.Add(request.Tags);
        runs.Insert(run);
        return run;
    }

    public Run Get(string runId) =>
        (string.IsNullOrWhiteSpace(runId) ? null : runs.Find(runId))
        ?? throw RegistryException.NotFound($"No run '{EchoedInput.Of(runId)}'. ListRuns shows the runs there are.");

    public int LogMetrics(string runId, IReadOnlyList<MetricPoint> points)
    {
        RunRequestLimits.ValidateMetrics(points);

        lock (writeLock)
        {
            var run = Get(runId);
            if (run.Status != RunStatus.Running)
            {
                throw RegistryException.FailedPrecondition($"Run '{runId}' is {run.Status}; metrics can only be logged while it is running.");
            }

            var now = Now();
            var stamped = points.Select(point =>
            {
                var copy = point.Clone();
                copy.Timestamp ??= now;
                return copy;
            }).ToList();
            foreach (var point in stamped)
            {
                run.Metrics[point.Key] = point.Value;
            }

            runs.AppendMetrics(run, stamped);
            return stamped.Count;
        }
    }

    public Run Finish(FinishRunRequest request)
    {
        RunRequestLimits.ValidateFinish(request);
        var status = request.Status;

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
            if (run.Status != RunStatus.Running)
            {
                throw RegistryException.FailedPrecondition($"Run '{run.Id}' already ended as {run.Status} at {run.FinishedAt}.");
            }

            run.Status = status;
            run.FinishedAt = Now();
            run.FailureReason = request.FailureReason;
            foreach (var (key, value) in request.FinalMetrics)
            {
                // A final value replaces the last logged value of the same metric (e.g. val_accuracy).
                run.Metrics[key] = value;
            }
            if (request.ConfusionMatrix is not null)
            {
                run.ConfusionMatrix = request.ConfusionMatrix;
            }

            runs.Update(run);
            return run;
        }
    }

    /// <summary>Adds an artifact to the run's list (once per sha256).</summary>
    public void AttachArtifact(string runId, Artifact artifact)
    {
        lock (writeLock)
        {
            var run = Get(runId);
            if (run.Artifacts.Any(existing => existing.Sha256 == artifact.Sha256))
            {
                return;
            }

            run.Artifacts.Add(artifact);
            runs.Update(run);
        }
    }

    /// <summary>Takes an artifact off the run's list.</summary>
    public Run DetachArtifact(string runId, string sha256)
    {
        lock (writeLock)
        {
            var run = Get(runId);
            var attached = run.Artifacts.FirstOrDefault(existing => existing.Sha256 == sha256)
                ?? throw RegistryException.NotFound($"Run '{run.Id}' has no artifact with sha256 {sha256}.");
            run.Artifacts.Remove(attached);
            runs.Update(run);
            return run;
        }
    }

    /// <summary>Marks an ended run archived (hidden from ListRuns unless include_archived).</summary>
    public Run MarkArchived(string runId)
    {
        lock (writeLock)
        {
            var run = Get(runId);
            if (!run.Archived)
            {
                run.Archived = true;
                runs.Update(run);
            }

            return run;
        }
    }

    public (IReadOnlyList<Run> Runs, string NextPageToken) List(ListRunsRequest request)
    {
        var filters = request.MetricFilters.Select(MetricFilter.Parse).ToList();
        var order = RunOrder.Parse(request.OrderBy);
        var pageSize = PageLimits.Resolve(request.Page?.PageSize ?? 0, DefaultPageSize, "page.page_size");
        var offset = 0;
        if (!string.IsNullOrEmpty(request.Page?.PageToken)
            && !int.TryParse(request.Page.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            throw RegistryException.InvalidArgument($"Page token '{request.Page.PageToken}' was not given by ListRuns; pass back next_page_token unchanged.");
        }

        var matching = runs.List(NullIfEmpty(request.Experiment), request.Status, NullIfEmpty(request.DatasetVersion))
            .Where(run => request.IncludeArchived || !run.Archived)
            .Where(run => filters.All(filter => filter.Matches(run.Metrics)));
        var ordered = order.Apply(matching).ToList();
        var page = ordered.Skip(offset).Take(pageSize).ToList();
        var next = offset + page.Count < ordered.Count ? (offset + page.Count).ToString(CultureInfo.InvariantCulture) : "";
        return (page, next);
    }

    public IReadOnlyList<MetricPoint> MetricHistory(string runId, string key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw RegistryException.InvalidArgument("Give the metric key whose history to read (e.g. 'val_loss').");
        }

        Get(runId);
        return runs.MetricHistory(runId, key);
    }

    public RunComparison Compare(IReadOnlyList<string> runIds)
    {
        if (runIds.Count < 2)
        {
            throw RegistryException.InvalidArgument($"CompareRuns needs at least two run ids, got {runIds.Count}.");
        }

        var compared = runIds.Select(Get).ToList();
        var comparison = new RunComparison();
        comparison.Runs.AddRange(compared);
        foreach (var key in compared.SelectMany(run => run.Metrics.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            var row = new MetricComparison { Key = key };
            row.Values.AddRange(compared.Select(run => run.Metrics.TryGetValue(key, out var value) ? value : double.NaN));
            comparison.Metrics.Add(row);
        }

        var configs = compared.Select(Settings).ToList();
        foreach (var key in configs.SelectMany(config => config.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            var values = configs.Select(config => config.TryGetValue(key, out var value) ? value : "").ToList();
            if (values.Distinct(StringComparer.Ordinal).Count() > 1)
            {
                var difference = new ConfigDifference { Key = key };
                difference.Values.AddRange(values);
                comparison.ConfigDifferences.Add(difference);
            }
        }

        return comparison;
    }

    private static Dictionary<string, string> Settings(Run run)
    {
        var settings = new Dictionary<string, string>(ConfigFlattener.Flatten(run.ConfigYaml), StringComparer.Ordinal)
        {
            ["dataset_version"] = run.DatasetVersion,
            ["git_commit"] = run.GitCommit,
        };
        return settings;
    }

    private Timestamp Now() => Timestamp.FromDateTimeOffset(clock.GetUtcNow());

    private static string? NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;
}
