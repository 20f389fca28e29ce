using Mlops.Registry.Model;
using Mlops.Registry.Repositories;
using Mlops.Storage;
using Mlops.TestSupport;

namespace Mlops.Registry.Tests;

public sealed class ModelRepositoryOnSqliteTests() : ModelRepositoryTests(SqliteFile.Create("registry.db", RegistrySchema.Migrations));

public sealed class ModelRepositoryOnPostgresTests(PostgresServerFixture postgres)
    : ModelRepositoryTests(new PostgresDatabase(postgres.Server.CreateDatabase(), "registry", RegistrySchema.Migrations)), IClassFixture<PostgresServerFixture>;

/// <summary>Model versions, aliases and artifacts as the registry stores them, on each metadata database.</summary>
public abstract class ModelRepositoryTests(MetadataDatabase database)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly SqlModelRepository models = new(database);
    private readonly SqlArtifactRepository artifacts = new(database);

    [Fact]
    public void Versions_are_numbered_per_model_and_archived_ones_are_listed_only_when_asked()
    {
        var first = models.InsertVersion(Version("cnn", "a"), Now);
        var second = models.InsertVersion(Version("cnn", "b"), Now);
        var other = models.InsertVersion(Version("mlp", "c"), Now);

        Assert.Equal((1, 2, 1), (first.Version, second.Version, other.Version));
        models.UpdateVersion(first with { Status = VersionState.Archived });
        Assert.Equal([2], models.ListVersions("cnn", includeArchived: false).Select(v => v.Version));
        Assert.Equal([2, 1], models.ListVersions("cnn", includeArchived: true).Select(v => v.Version));
        Assert.Equal("b", models.FindVersion("cnn", 2)!.OnnxSha256);
        Assert.Null(models.FindVersion("cnn", 3));
        Assert.Equal([("cnn", 2), ("mlp", 1)], models.ListModels().Select(m => (m.Name, m.LatestVersion)));
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_model_get_distinct_consecutive_version_numbers()
    {
        const int Registrations = 16;
        // Each registration on its own connection, all released at once: what two registry replicas on one database do.
        using var start = new Barrier(Registrations);
        var numbers = await Task.WhenAll(Enumerable.Range(0, Registrations).Select(index => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait(TimeSpan.FromMinutes(1));
            return models.InsertVersion(Version("raced", $"{index:x4}"), Now).Version;
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));

        Assert.Equal(Enumerable.Range(1, Registrations), numbers.Order());
        var stored = models.ListVersions("raced", includeArchived: true);
        Assert.Equal(Registrations, stored.Select(v => v.OnnxSha256).Distinct().Count());
        Assert.Equal(Registrations, models.ListModels().Single(m => m.Name == "raced").LatestVersion);
    }

    [Fact]
    public void Moving_an_alias_reports_the_previous_version_and_keeps_the_history_in_order()
    {
        models.InsertVersion(Version("cnn", "a"), Now);
        models.InsertVersion(Version("cnn", "b"), Now);

        var first = models.MoveAlias("cnn", "production", 1, "ci", "first", Now);
        var second = models.MoveAlias("cnn", "production", 2, "gate", "better", Now.AddMinutes(1));

        Assert.Equal((0, 1), (first.PreviousVersion, second.PreviousVersion));
        Assert.Equal(2, models.ResolveAlias("cnn", "production"));
        Assert.Null(models.ResolveAlias("cnn", "staging"));
        Assert.Equal([1, 2], models.AliasHistory("cnn", "production").Select(c => c.Version));
        Assert.Equal(["production"], models.FindVersion("cnn", 2)!.Aliases);
        Assert.Equal(("gate", "better"), models.CurrentAliases(null).Select(c => (c.Actor, c.Reason)).Single());
    }

    [Fact]
    public void An_artifact_stored_twice_is_one_row_and_only_what_runs_and_live_versions_use_is_referenced()
    {
        var artifact = new ArtifactEntry("f00d", "model.onnx", "application/onnx", 12);
        artifacts.Add(artifact, Now);
        artifacts.Add(artifact, Now.AddDays(1));
        artifacts.Add(new ArtifactEntry("dead", "old.onnx", "application/onnx", 3), Now);
        var archived = models.InsertVersion(Version("cnn", "dead"), Now);
        models.UpdateVersion(archived with { Status = VersionState.Archived });
        models.InsertVersion(Version("cnn", "f00d"), Now);

        Assert.Equal(2, artifacts.List().Count);
        Assert.Equal(Now, artifacts.List().Single(a => a.Artifact.Sha256 == "f00d").CreatedAt);
        Assert.Equal(["f00d"], artifacts.Referenced());
        artifacts.Delete("dead");
        Assert.Null(artifacts.Find("dead"));
        Assert.Equal(12, artifacts.Find("f00d")!.SizeBytes);
    }

    private static RegisteredVersion Version(string model, string onnx) =>
        new() { ModelName = model, OnnxSha256 = onnx, Status = VersionState.Ready, ClassNames = ["a", "b"] };
}
