using Mlops.Drift.Model;
using Mlops.Drift.References;
using Mlops.Drift.Repositories;
using Mlops.Storage;
using Mlops.TestSupport;

namespace Mlops.Drift.Tests;

public sealed class DriftRepositoryOnSqliteTests() : DriftRepositoryTests(SqliteFile.Create("drift.db", DriftSchema.Migrations));

public sealed class DriftRepositoryOnPostgresTests(PostgresServerFixture postgres)
    : DriftRepositoryTests(new PostgresDatabase(postgres.Server.CreateDatabase(), "drift", DriftSchema.Migrations)), IClassFixture<PostgresServerFixture>;

/// <summary>Windows, reports, alerts and references as drift stores them, on each metadata database.</summary>
public abstract class DriftRepositoryTests(MetadataDatabase database)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly SqlDriftRepository repository = new(database);

    [Fact]
    public void Closed_windows_list_newest_first_and_their_reports_read_back()
    {
        repository.SaveClosedWindow(Report("w1", "cnn", 1, 0, 0.1));
        repository.SaveClosedWindow(Report("w2", "cnn", 1, 5, 0.6));
        repository.SaveClosedWindow(Report("w3", "cnn", 2, 9, 0.2));
        repository.SaveClosedWindow(Report("w2", "cnn", 1, 5, 0.7));

        Assert.Equal(["w3", "w2", "w1"], repository.ListWindows("cnn", 0, 10).Select(w => w.Id));
        Assert.Equal(["w2"], repository.ListWindows("cnn", 1, 1).Select(w => w.Id));
        Assert.Equal(0.7, repository.FindReport(new ModelKey("cnn", 1), null)!.DriftedShare);
        Assert.Equal(0.1, repository.FindReport(new ModelKey("cnn", 1), "w1")!.DriftedShare);
        Assert.Null(repository.FindReport(new ModelKey("cnn", 3), null));
    }

    [Fact]
    public void Acknowledged_alerts_are_hidden_unless_asked_for_and_a_reference_is_replaced_whole()
    {
        repository.SaveAlert(new DriftAlert { Id = "a1", Model = new ModelKey("cnn", 0), RaisedAt = Now });
        repository.SaveAlert(new DriftAlert { Id = "a2", Model = new ModelKey("cnn", 0), RaisedAt = Now.AddMinutes(1) });
        repository.SaveAlert(new DriftAlert { Id = "a1", Model = new ModelKey("cnn", 0), RaisedAt = Now, Acknowledged = true });
        repository.SaveReference(Reference("old", 0.5));
        repository.SaveReference(Reference("new", 0.9));

        Assert.Equal(["a2"], repository.ListAlerts("cnn", includeAcknowledged: false).Select(a => a.Id));
        Assert.Equal(["a2", "a1"], repository.ListAlerts(null, includeAcknowledged: true).Select(a => a.Id));
        Assert.True(repository.FindAlert("a1")!.Acknowledged);
        var reference = repository.LoadReference(new ModelKey("cnn", 1))!;
        Assert.Equal(("new", 0.9), (reference.DatasetVersionId, reference.Accuracy));
        Assert.Equal([1.0, 2.0], reference.Features["mean"]);
    }

    private static WindowReport Report(string id, string model, int version, int minute, double share) => new()
    {
        Window = new WindowSummary { Id = id, Model = new ModelKey(model, version), OpenedAt = Now.AddMinutes(minute), Closed = true },
        DriftedShare = share,
    };

    private static DriftReference Reference(string dataset, double accuracy) => new()
    {
        ModelName = "cnn",
        ModelVersion = 1,
        DatasetVersionId = dataset,
        ClassNames = ["a", "b"],
        Features = new Dictionary<string, double[]> { ["mean"] = [1, 2] },
        Outputs = [[0.5, 0.5]],
        PredictedCounts = [1, 1],
        Accuracy = accuracy,
        Samples = 2,
        BuiltAt = Now,
    };
}
