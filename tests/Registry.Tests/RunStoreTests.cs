using Mlops.Registry.Model;
using Mlops.Registry.Repositories;
using Mlops.Registry.Runs;
using Mlops.Storage;

namespace Mlops.Registry.Tests;

public sealed class RunStoreOnSqliteTests() : RunStoreTests(Path.Combine(Directory.CreateTempSubdirectory("registry-runs-").FullName, "registry.db"));

public sealed class RunStoreOnPostgresTests(PostgresServerFixture postgres)
    : RunStoreTests(new PostgresDatabase(postgres.Server.CreateDatabase(), "registry", RegistrySchema.Migrations)), IClassFixture<PostgresServerFixture>;

/// <summary>Run tracking on each metadata database (the derived classes choose which).</summary>
public abstract class RunStoreTests : IDisposable
{
    private readonly string? folder;
    private readonly SqlRunRepository runs;
    private readonly RunStore store;

    protected RunStoreTests(string sqlitePath)
        : this(new SqliteDatabase(sqlitePath, RegistrySchema.Migrations)) => folder = Path.GetDirectoryName(sqlitePath);

    protected RunStoreTests(MetadataDatabase database)
    {
        runs = new SqlRunRepository(database);
        store = new RunStore(runs, TimeProvider.System);
    }

    [Fact]
    public void Metric_filters_and_order_by_select_and_sort_runs()
    {
        var low = Finished("a", ("test_accuracy", 0.85), ("loss", 0.4));
        var high = Finished("b", ("test_accuracy", 0.93), ("loss", 0.2));
        var best = Finished("c", ("test_accuracy", 0.95), ("loss", 0.3));
        Finished("d", ("loss", 0.1));

        var (runs, _) = store.List(new RunQuery { MetricFilters = ["test_accuracy>0.9", "loss <= 0.25"] });
        Assert.Equal([high.Id], runs.Select(run => run.Id));

        var (ordered, _) = store.List(new RunQuery { OrderBy = "metrics.test_accuracy desc" });
        Assert.Equal([best.Id, high.Id, low.Id], ordered.Take(3).Select(run => run.Id));
        Assert.False(ordered[3].Metrics.ContainsKey("test_accuracy")); // runs without the metric come last
    }

    [Fact]
    public void Pages_follow_each_other_without_gaps()
    {
        var ids = Enumerable.Range(0, 5).Select(i => Finished($"r{i}", ("x", i)).Id).ToList();

        var (first, token) = store.List(new RunQuery { OrderBy = "metrics.x asc", PageSize = 3 });
        var (second, end) = store.List(new RunQuery { OrderBy = "metrics.x asc", PageSize = 3, PageToken = token });

        Assert.Equal(ids, first.Concat(second).Select(run => run.Id));
        Assert.Equal("", end);
    }

    [Theory]
    [InlineData("accuracy>>0.9")]
    [InlineData("accuracy>high")]
    [InlineData(">0.9")]
    public void A_malformed_metric_filter_is_refused_with_the_expected_form(string filter)
    {
        var error = Assert.Throws<RegistryException>(() => store.List(new RunQuery { MetricFilters = [filter] }));
        Assert.Equal(RegistryErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("test_accuracy>0.9", error.Message);
    }

    [Fact]
    public void Metric_history_keeps_every_point_in_step_order_and_the_run_the_last_value()
    {
        var run = store.Create(new NewRun { Experiment = "e" });
        store.LogMetrics(run.Id, [Point("val_loss", 0, 0.9), Point("val_loss", 1, 0.5)]);
        store.LogMetrics(run.Id, [Point("val_loss", 2, 0.4)]);

        Assert.Equal([0.9, 0.5, 0.4], store.MetricHistory(run.Id, "val_loss").Select(point => point.Value));
        Assert.Equal(0.4, store.Get(run.Id).Metrics["val_loss"]);
    }

    [Fact]
    public void A_final_metric_replaces_the_last_logged_value_of_the_same_key()
    {
        var run = store.Create(new NewRun { Experiment = "e" });
        store.LogMetrics(run.Id, [Point("val_accuracy", 0, 0.71), Point("val_accuracy", 1, 0.74)]);

        var finished = store.Finish(new RunEnding
        {
            RunId = run.Id,
            Status = RunState.Finished,
            FinalMetrics = new Dictionary<string, double> { ["val_accuracy"] = 0.75, ["test_accuracy"] = 0.73 },
        });

        Assert.Equal(0.75, finished.Metrics["val_accuracy"]);
        Assert.Equal(0.73, store.Get(run.Id).Metrics["test_accuracy"]);
        Assert.Equal([0.71, 0.74], store.MetricHistory(run.Id, "val_accuracy").Select(point => point.Value));
    }

    [Fact]
    public void A_finished_run_takes_no_more_metrics()
    {
        var run = Finished("done", ("x", 1));

        var error = Assert.Throws<RegistryException>(() => store.LogMetrics(run.Id, [Point("x", 5, 2)]));
        Assert.Equal(RegistryErrorKind.FailedPrecondition, error.Kind);
    }

    [Fact]
    public void Comparing_runs_lines_up_metrics_and_lists_only_the_config_keys_that_differ()
    {
        var a = store.Create(new NewRun { Experiment = "e", ConfigYaml = "optimizer:\n  lr: 0.001\n  name: adam\nepochs: 5\n", DatasetVersionId = "d1" });
        var b = store.Create(new NewRun { Experiment = "e", ConfigYaml = "optimizer:\n  lr: 0.01\n  name: adam\nepochs: 5\nseed: 3\n", DatasetVersionId = "d1" });
        store.Finish(new RunEnding { RunId = a.Id, Status = RunState.Finished, FinalMetrics = new Dictionary<string, double> { ["acc"] = 0.8 } });
        store.Finish(new RunEnding { RunId = b.Id, Status = RunState.Finished, FinalMetrics = new Dictionary<string, double> { ["acc"] = 0.9, ["f1"] = 0.85 } });

        var comparison = store.Compare([a.Id, b.Id]);

        Assert.Equal(["acc", "f1"], comparison.Metrics.Select(metric => metric.Key));
        Assert.Equal([0.8, 0.9], comparison.Metrics[0].Values);
        Assert.True(double.IsNaN(comparison.Metrics[1].Values[0]));
        Assert.Equal(["optimizer.lr", "seed"], comparison.ConfigDifferences.Select(difference => difference.Key));
        Assert.Equal(["0.001", "0.01"], comparison.ConfigDifferences[0].Values);
        Assert.Equal(["", "3"], comparison.ConfigDifferences[1].Values);
    }

    [Fact]
    public void Deleting_a_run_removes_it_and_its_metric_series_and_leaves_other_runs_whole()
    {
        var doomed = store.Create(new NewRun { Experiment = "e", Name = "doomed" });
        store.LogMetrics(doomed.Id, [Point("loss", 0, 0.9), Point("loss", 1, 0.5), Point("acc", 1, 0.7)]);
        var kept = store.Create(new NewRun { Experiment = "e", Name = "kept" });
        store.LogMetrics(kept.Id, [Point("loss", 0, 0.8)]);

        Assert.Equal(3, runs.Delete(doomed.Id));
        Assert.Equal(0, runs.Delete(doomed.Id));

        Assert.Null(runs.Find(doomed.Id));
        Assert.Empty(runs.MetricHistory(doomed.Id, "loss"));
        Assert.Equal([kept.Id], store.List(new RunQuery { Experiment = "e" }).Runs.Select(run => run.Id));
        Assert.Equal([0.8], store.MetricHistory(kept.Id, "loss").Select(point => point.Value));
    }

    [Fact]
    public void Unknown_runs_are_not_found()
    {
        Assert.Equal(RegistryErrorKind.NotFound, Assert.Throws<RegistryException>(() => store.Get("nope")).Kind);
        Assert.Equal(RegistryErrorKind.NotFound, Assert.Throws<RegistryException>(() => store.Compare(["nope", "nada"])).Kind);
    }

    public void Dispose()
    {
        if (folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private ExperimentRun Finished(string name, params (string Key, double Value)[] metrics)
    {
        var run = store.Create(new NewRun { Experiment = "e", Name = name });
        return store.Finish(new RunEnding
        {
            RunId = run.Id,
            Status = RunState.Finished,
            FinalMetrics = metrics.ToDictionary(metric => metric.Key, metric => metric.Value),
        });
    }

    private static MetricSample Point(string key, long step, double value) => new(key, value, step);
}
