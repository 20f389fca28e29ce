using Mlops.Imaging;
using Mlops.Ingestion.Model;
using Mlops.Ingestion.Repositories;
using Mlops.Storage;
using Mlops.TestSupport;

namespace Mlops.Ingestion.Tests;

public sealed class DatasetRepositoryOnSqliteTests() : DatasetRepositoryTests(SqliteFile.Create("ingestion.db", IngestionSchema.Migrations));

public sealed class DatasetRepositoryOnPostgresTests(PostgresServerFixture postgres)
    : DatasetRepositoryTests(new PostgresDatabase(postgres.Server.CreateDatabase(), "ingestion", IngestionSchema.Migrations)), IClassFixture<PostgresServerFixture>;

/// <summary>Dataset versions as ingestion records them, on each metadata database.</summary>
public abstract class DatasetRepositoryTests(MetadataDatabase database)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly SqlDatasetRepository repository = new(database);

    [Fact]
    public void A_version_reads_back_whole_by_id_prefix_name_and_tag_and_a_second_insert_of_it_is_refused()
    {
        Assert.True(repository.Insert(Version("0123456789abcdef", "shirts", 0, "v1")));
        Assert.False(repository.Insert(Version("0123456789abcdef", "shirts", 0, "other")));

        var found = repository.Find("01234567")!;
        Assert.Equal(("shirts", 28), (found.Name, found.Shape.Height));
        Assert.Equal(["tee", "polo"], found.ClassNames);
        Assert.Equal([5L, 7L], found.Splits.Single(s => s.Split == Mlops.Common.V1.Split.Train).Classes.Select(c => c.Count));
        Assert.Equal(["v1"], found.Tags);
        Assert.Equal(found.Id, repository.Find("shirts@v1")!.Id);
        Assert.Equal(new VersionBlobRefs("manifest-0123456789abcdef", "profile-0123456789abcdef"), repository.BlobsOf(found.Id));
        Assert.True(repository.Exists(found.Id));
        Assert.Null(repository.Find("shirts@v2"));
    }

    [Fact]
    public void The_newest_version_is_latest_and_a_tag_moves_to_the_version_it_is_given()
    {
        repository.Insert(Version("aaaaaaaaaaaaaaaa", "shirts", 0, "stable"));
        repository.Insert(Version("bbbbbbbbbbbbbbbb", "shirts", 1));
        repository.Insert(Version("cccccccccccccccc", "shoes", 2));

        repository.AddTags("bbbbbbbbbbbbbbbb", ["stable"]);

        Assert.Equal("bbbbbbbbbbbbbbbb", repository.Find("shirts@latest")!.Id);
        Assert.Equal("bbbbbbbbbbbbbbbb", repository.Find("shirts@stable")!.Id);
        Assert.Empty(repository.Find("aaaaaaaaaaaaaaaa")!.Tags);
        Assert.Equal(["bbbbbbbbbbbbbbbb", "aaaaaaaaaaaaaaaa"], repository.ListVersions("shirts").Select(v => v.Id));
        Assert.Equal([("shirts", 2), ("shoes", 1)], repository.ListDatasets().Select(d => (d.Name, d.VersionCount)));
    }

    [Fact]
    public void An_archived_version_leaves_listings_and_latest_but_stays_readable_by_id_and_tag()
    {
        repository.Insert(Version("aaaaaaaaaaaaaaaa", "shirts", 0, "v1"));
        repository.Insert(Version("bbbbbbbbbbbbbbbb", "shirts", 1, "v2"));

        Assert.True(repository.Archive("bbbbbbbbbbbbbbbb"));
        Assert.False(repository.Archive("ffffffffffffffff"));

        Assert.Equal("aaaaaaaaaaaaaaaa", repository.Find("shirts@latest")!.Id);
        Assert.Equal(["aaaaaaaaaaaaaaaa"], repository.ListVersions("shirts").Select(v => v.Id));
        Assert.Equal(["bbbbbbbbbbbbbbbb", "aaaaaaaaaaaaaaaa"], repository.ListVersions("shirts", includeArchived: true).Select(v => v.Id));
        Assert.True(repository.Find("bbbbbbbbbbbbbbbb")!.Archived);
        Assert.Equal("bbbbbbbbbbbbbbbb", repository.Find("shirts@v2")!.Id);
        Assert.Equal(["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"], repository.AllBlobRefs().Keys.Order());
    }

    [Fact]
    public void A_deleted_version_is_gone_with_its_tags_and_counts_and_its_blobs_are_no_longer_referenced()
    {
        repository.Insert(Version("aaaaaaaaaaaaaaaa", "shirts", 0, "v1"));
        repository.Insert(Version("bbbbbbbbbbbbbbbb", "shirts", 1, "v2"));

        Assert.True(repository.Delete("aaaaaaaaaaaaaaaa"));
        Assert.False(repository.Delete("aaaaaaaaaaaaaaaa"));

        Assert.Null(repository.Find("aaaaaaaaaaaaaaaa"));
        Assert.Null(repository.Find("shirts@v1"));
        Assert.False(repository.Exists("aaaaaaaaaaaaaaaa"));
        Assert.Null(repository.BlobsOf("aaaaaaaaaaaaaaaa"));
        // The id is free again: re-importing the same content records it anew, counts and all.
        Assert.True(repository.Insert(Version("aaaaaaaaaaaaaaaa", "shirts", 2, "v1")));
        Assert.Equal([5L, 7L], repository.Find("shirts@v1")!.Splits.Single(s => s.Split == Mlops.Common.V1.Split.Train).Classes.Select(c => c.Count));
        var refs = repository.AllBlobRefs();
        Assert.Equal(new VersionBlobRefs("manifest-bbbbbbbbbbbbbbbb", "profile-bbbbbbbbbbbbbbbb"), refs["bbbbbbbbbbbbbbbb"]);
        Assert.Equal(2, refs.Count);
    }

    private static NewVersion Version(string id, string name, int minute, params string[] tags) => new(
        id, name, Now.AddMinutes(minute), "idx", new ImageShape(1, 28, 28), ["tee", "polo"], $"manifest-{id}", $"profile-{id}", 1234,
        new Dictionary<DatasetSplit, IReadOnlyList<long>> { [DatasetSplit.Train] = [5, 7], [DatasetSplit.Test] = [1, 2] }, tags);
}
