using Mlops.Training.V1;
using Spectre.Console.Rendering;

namespace Mlops.Cli.Output;

public static class JobViews
{
    public static IRenderable List(ListJobsResponse response)
    {
        if (response.Jobs.Count == 0)
        {
            return DatasetViews.Empty("No jobs.");
        }

        var table = Tables.Create("id", "state", "model", "progress", "run", "created", "error");
        foreach (var job in response.Jobs)
        {
            table.AddCells(job.Id, State(job.State), ModelVersion(job), Progress(job.Progress), job.RunId, Format.Time(job.CreatedAt), job.Error);
        }

        return table;
    }

    public static IRenderable Show(Job job)
    {
        var details = Tables.Details(
            ("id", job.Id), ("state", State(job.State)), ("model", ModelVersion(job)), ("run", job.RunId),
            ("dataset", job.DatasetVersion), ("sweep", job.SweepId), ("progress", Progress(job.Progress)),
            ("metrics", Metrics(job.Progress)), ("attempts", Format.Integer(job.Attempts)), ("worker", job.Worker),
            ("created", Format.Time(job.CreatedAt)), ("started", Format.Time(job.StartedAt)), ("finished", Format.Time(job.FinishedAt)),
            ("error", job.Error));
        return string.IsNullOrWhiteSpace(job.ResolvedConfigYaml)
            ? details
            : Tables.Stack(details, Tables.Titled("resolved config", new Spectre.Console.Text(job.ResolvedConfigYaml.TrimEnd())));
    }

    /// <summary>The last line of a watched job: what it produced, or why it did not.</summary>
    public static string Outcome(Job job) => job.State switch
    {
        JobState.Succeeded => $"Job {job.Id} succeeded: run {job.RunId}, model {ModelVersion(job)}" + FinalMetrics(job),
        JobState.Failed => $"Job {job.Id} failed: {job.Error}",
        JobState.Cancelled => $"Job {job.Id} was cancelled",
        _ => $"Job {job.Id} is {State(job.State)}",
    };

    public static IRenderable Sweep(Sweep sweep)
    {
        var details = Tables.Details(
            ("id", sweep.Id), ("state", State(sweep.State)), ("metric", $"{sweep.Metric} ({Goal(sweep.Goal)})"),
            ("trials", Format.Integer(sweep.Trials.Count)), ("created", Format.Time(sweep.CreatedAt)));
        var trials = Tables.Create("job", "state", sweep.Metric, "run", "model", "best");
        foreach (var trial in sweep.Trials)
        {
            var value = trial.Progress?.Metrics.TryGetValue(sweep.Metric, out var measured) == true ? Format.Fixed(measured) : "-";
            trials.AddCells(trial.Id, State(trial.State), value, trial.RunId, ModelVersion(trial), trial.Id == sweep.BestJobId ? "*" : "");
        }

        var best = string.IsNullOrEmpty(sweep.BestJobId)
            ? null
            : Tables.Titled("best", Tables.Details(
                [("job", sweep.BestJobId), (sweep.Metric, Format.Fixed(sweep.BestValue)),
                 .. sweep.BestParameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value))]));
        return Tables.Stack(details, trials.RightAligned(2), best);
    }

    public static IRenderable Sweeps(ListSweepsResponse response)
    {
        var table = Tables.Create("id", "state", "metric", "trials", "best job", "best value", "created");
        foreach (var sweep in response.Sweeps)
        {
            table.AddCells(sweep.Id, State(sweep.State), sweep.Metric, Format.Integer(sweep.Trials.Count), sweep.BestJobId,
                string.IsNullOrEmpty(sweep.BestJobId) ? "-" : Format.Fixed(sweep.BestValue), Format.Time(sweep.CreatedAt));
        }

        return table;
    }

    public static string State(JobState state) => state == JobState.Unspecified ? "-" : Format.Words(state);

    public static bool IsFinished(JobState state) => state is JobState.Succeeded or JobState.Failed or JobState.Cancelled;

    public static string Progress(JobProgress? progress) =>
        progress is null || progress.TotalEpochs == 0 ? "-" : $"epoch {progress.Epoch}/{progress.TotalEpochs}, step {progress.Step}/{progress.TotalSteps}";

    public static string Metrics(JobProgress? progress) =>
        progress is null ? "" : string.Join(", ", progress.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key} {Format.Fixed(m.Value)}"));

    /// <summary>The figures a user judges a model by, test accuracy first; not the last batch's, which is noise.</summary>
    private static readonly string[] HeadlineMetrics = ["test_accuracy", "test_loss", "best_val_accuracy", "val_accuracy", "epochs_trained", "train_seconds"];

    private static string FinalMetrics(Job job)
    {
        var shown = HeadlineMetrics.Where(job.Metrics.ContainsKey).Select(key => $"{key} {Format.Fixed(job.Metrics[key])}").ToList();
        return shown.Count == 0 ? "" : $" ({string.Join(", ", shown)})";
    }

    private static string ModelVersion(Job job) =>
        job.ModelVersion > 0 ? $"{job.ModelName}/{job.ModelVersion}" : job.ModelName;

    private static string Goal(MetricGoal goal) => goal == MetricGoal.Minimize ? "min" : "max";
}
