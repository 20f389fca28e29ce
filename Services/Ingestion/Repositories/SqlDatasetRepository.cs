using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Google.Protobuf.WellKnownTypes;
using Mlops.Common.V1;
using Mlops.Ingestion.V1;
using Mlops.Storage;

namespace Mlops.Ingestion.Repositories;

public sealed class SqlDatasetRepository(MetadataDatabase database) : IDatasetRepository
{
    // Named, not *: a PostgreSQL table has a rowid column too.
    private const string Columns =
        "id, name, created_at, source, channels, height, width, class_names, manifest_sha256, profile_sha256, size_bytes, archived";

    public SqlDatasetRepository(string path)
        : this(new SqliteDatabase(path, IngestionSchema.Migrations))
    {
    }

    public IReadOnlyList<DatasetSummary> ListDatasets()
    {
        using var connection = database.Open();
        var names = connection.Query<(string Name, long Count)>(
            "SELECT name, COUNT(*) FROM dataset_versions WHERE archived = 0 GROUP BY name ORDER BY name");
        return names.Select(row => new DatasetSummary
        {
            Name = row.Name,
            VersionCount = (int)row.Count,
            Latest = LatestOf(connection, row.Name),
        }).ToList();
    }

    public IReadOnlyList<DatasetVersion> ListVersions(string name)
    {
        using var connection = database.Open();
        return connection.Query<VersionRow>(
                $"SELECT {Columns} FROM dataset_versions WHERE name = @name AND archived = 0 ORDER BY created_at DESC, rowid DESC", new { name })
            .Select(row => ToVersion(connection, row))
            .ToList();
    }

    public DatasetVersion? Find(string reference)
    {
        using var connection = database.Open();
        var at = reference.IndexOf('@');
        if (at < 0)
        {
            var byId = !IsIdPrefix(reference) ? [] : connection.Query<VersionRow>(
                $"SELECT {Columns} FROM dataset_versions WHERE substr(id, 1, @length) = @reference LIMIT 2",
                new { length = reference.Length, reference }).ToList();
            if (byId.Count == 1)
            {
                return ToVersion(connection, byId[0]);
            }

            return LatestOf(connection, reference);
        }

        var (name, label) = (reference[..at], reference[(at + 1)..]);
        if (label == "latest")
        {
            return LatestOf(connection, name);
        }

        var tagged = connection.QueryFirstOrDefault<VersionRow>(
            """
            SELECT v.id, v.name, v.created_at, v.source, v.channels, v.height, v.width, v.class_names, v.manifest_sha256,
                v.profile_sha256, v.size_bytes, v.archived
            FROM dataset_versions v JOIN version_tags t ON t.version_id = v.id
            WHERE v.name = @name AND t.tag = @label ORDER BY v.created_at DESC LIMIT 1
            """, new { name, label });
        return tagged is null ? null : ToVersion(connection, tagged);
    }

    // Short hex strings are more likely dataset names ("cafe") than ids.
    private static bool IsIdPrefix(string reference) =>
        reference.Length is >= 8 and <= 64 && reference.All(char.IsAsciiHexDigitLower);

    public bool Exists(string id)
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<long>("SELECT COUNT(*) FROM dataset_versions WHERE id = @id", new { id }) > 0;
    }

    public bool Insert(NewVersion version)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        var inserted = connection.Execute(
            """
            INSERT INTO dataset_versions
                (id, name, created_at, source, channels, height, width, class_names, manifest_sha256, profile_sha256, size_bytes)
            VALUES (@Id, @Name, @CreatedAt, @Source, @Channels, @Height, @Width, @ClassNames, @ManifestSha256, @ProfileSha256, @SizeBytes)
            ON CONFLICT (id) DO NOTHING
            """,
            new
            {
                version.Id,
                version.Name,
                CreatedAt = version.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                version.Source,
                version.Shape.Channels,
                version.Shape.Height,
                version.Shape.Width,
                ClassNames = JsonSerializer.Serialize(version.ClassNames),
                version.ManifestSha256,
                version.ProfileSha256,
                version.SizeBytes,
            },
            transaction);
        if (inserted == 0)
        {
            return false;
        }

        foreach (var (split, counts) in version.ClassCounts)
        {
            connection.Execute(
                "INSERT INTO split_class_counts (version_id, split, label, count) VALUES (@id, @split, @label, @count)",
                counts.Select((count, label) => new { id = version.Id, split = (int)split, label, count }),
                transaction);
        }

        AddTags(connection, transaction, version.Id, version.Name, version.Tags);
        transaction.Commit();
        return true;
    }

    public void AddTags(string id, IEnumerable<string> tags)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        var name = connection.ExecuteScalar<string>("SELECT name FROM dataset_versions WHERE id = @id", new { id }, transaction)
            ?? throw new InvalidOperationException($"No version {id}.");
        AddTags(connection, transaction, id, name, tags);
        transaction.Commit();
    }

    public VersionBlobRefs? BlobsOf(string id)
    {
        using var connection = database.Open();
        var row = connection.QueryFirstOrDefault<VersionRow>($"SELECT {Columns} FROM dataset_versions WHERE id = @id", new { id });
        return row is null ? null : new VersionBlobRefs(row.manifest_sha256, row.profile_sha256);
    }

    public IReadOnlyList<DatasetVersion> ListVersions(string name, bool includeArchived)
    {
        if (!includeArchived)
        {
            return ListVersions(name);
        }

        using var connection = database.Open();
        return connection.Query<VersionRow>(
                $"SELECT {Columns} FROM dataset_versions WHERE name = @name ORDER BY created_at DESC, rowid DESC", new { name })
            .Select(row => ToVersion(connection, row))
            .ToList();
    }

    public bool Delete(string id)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        connection.Execute("DELETE FROM split_class_counts WHERE version_id = @id", new { id }, transaction);
        connection.Execute("DELETE FROM version_tags WHERE version_id = @id", new { id }, transaction);
        var deleted = connection.Execute("DELETE FROM dataset_versions WHERE id = @id", new { id }, transaction);
        transaction.Commit();
        return deleted > 0;
    }

    public bool Archive(string id)
    {
        using var connection = database.Open();
        return connection.Execute("UPDATE dataset_versions SET archived = 1 WHERE id = @id", new { id }) > 0;
    }

    public IReadOnlyDictionary<string, VersionBlobRefs> AllBlobRefs()
    {
        using var connection = database.Open();
        return connection.Query<(string Id, string Manifest, string Profile)>("SELECT id, manifest_sha256, profile_sha256 FROM dataset_versions")
            .ToDictionary(row => row.Id, row => new VersionBlobRefs(row.Manifest, row.Profile), StringComparer.Ordinal);
    }

    private static void AddTags(DbConnection connection, DbTransaction transaction, string id, string name, IEnumerable<string> tags)
    {
        foreach (var tag in tags)
        {
            connection.Execute(
                """
                DELETE FROM version_tags WHERE tag = @tag AND version_id IN (SELECT id FROM dataset_versions WHERE name = @name);
                INSERT INTO version_tags (version_id, tag) VALUES (@id, @tag);
                """,
                new { id, name, tag }, transaction);
        }
    }

    private static DatasetVersion? LatestOf(DbConnection connection, string name)
    {
        var row = connection.QueryFirstOrDefault<VersionRow>(
            $"SELECT {Columns} FROM dataset_versions WHERE name = @name AND archived = 0 ORDER BY created_at DESC, rowid DESC LIMIT 1", new { name });
        return row is null ? null : ToVersion(connection, row);
    }

    private static DatasetVersion ToVersion(DbConnection connection, VersionRow row)
    {
        var classNames = JsonSerializer.Deserialize<string[]>(row.class_names) ?? [];
        var version = new DatasetVersion
        {
            Id = row.id,
            Name = row.name,
            CreatedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(row.created_at, CultureInfo.InvariantCulture)),
            Source = row.source,
            Shape = new ImageShape { Channels = (int)row.channels, Height = (int)row.height, Width = (int)row.width },
            SizeBytes = row.size_bytes,
            Archived = row.archived != 0,
        };
        version.ClassNames.AddRange(classNames);
        version.Tags.AddRange(connection.Query<string>(
            "SELECT tag FROM version_tags WHERE version_id = @id ORDER BY tag", new { row.id }));

        var counts = connection.Query<(long Split, long Label, long Count)>(
            "SELECT split, label, count FROM split_class_counts WHERE version_id = @id ORDER BY split, label", new { row.id });
        foreach (var split in counts.GroupBy(count => count.Split))
        {
            var summary = new SplitSummary { Split = (Split)split.Key, Count = split.Sum(count => count.Count) };
            summary.Classes.AddRange(split.Select(count => new ClassCount
            {
                Label = (int)count.Label,
                ClassName = count.Label < classNames.Length ? classNames[count.Label] : count.Label.ToString(CultureInfo.InvariantCulture),
                Count = count.Count,
            }));
            version.Splits.Add(summary);
        }

        return version;
    }

#pragma warning disable IDE1006 // Column names, as Dapper maps them.
    private sealed record VersionRow(
        string id, string name, string created_at, string source, long channels, long height, long width,
        string class_names, string manifest_sha256, string profile_sha256, long size_bytes, long archived);
#pragma warning restore IDE1006
}
