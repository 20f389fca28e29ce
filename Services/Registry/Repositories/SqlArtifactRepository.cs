using Dapper;
using Mlops.Registry.Model;
using Mlops.Storage;

namespace Mlops.Registry.Repositories;

public sealed class SqlArtifactRepository(MetadataDatabase database) : IArtifactRepository
{
    public void Add(ArtifactEntry artifact, DateTimeOffset createdAt)
    {
        using var connection = database.Open();
        connection.Execute(
            """
            INSERT INTO artifacts (sha256, name, media_type, size_bytes, run_id, created_at)
            VALUES (@Sha256, @Name, @MediaType, @SizeBytes, @RunId, @CreatedAt)
            ON CONFLICT DO NOTHING
            """,
            new
            {
                artifact.Sha256,
                artifact.Name,
                artifact.MediaType,
                artifact.SizeBytes,
                RunId = artifact.RunId.Length == 0 ? null : artifact.RunId,
                CreatedAt = StoredTime.Format(createdAt),
            });
    }

    public ArtifactEntry? Find(string sha256)
    {
        using var connection = database.Open();
        var row = connection.QueryFirstOrDefault<Row>(
            "SELECT sha256, name, media_type AS MediaType, size_bytes AS SizeBytes, run_id AS RunId, created_at AS CreatedAt FROM artifacts WHERE sha256 = @sha256",
            new { sha256 });
        return row?.ToArtifact();
    }

    public void AttachToRun(string runId, string sha256)
    {
        using var connection = database.Open();
        connection.Execute("INSERT INTO run_artifacts (run_id, sha256) VALUES (@runId, @sha256) ON CONFLICT DO NOTHING", new { runId, sha256 });
    }

    public void DetachFromRun(string runId, string sha256)
    {
        using var connection = database.Open();
        connection.Execute("DELETE FROM run_artifacts WHERE run_id = @runId AND sha256 = @sha256", new { runId, sha256 });
    }

    public IReadOnlyList<(ArtifactEntry Artifact, DateTimeOffset CreatedAt)> List()
    {
        using var connection = database.Open();
        return connection.Query<Row>(
                "SELECT sha256, name, media_type AS MediaType, size_bytes AS SizeBytes, run_id AS RunId, created_at AS CreatedAt FROM artifacts")
            .Select(row => (row.ToArtifact(), StoredTime.Parse(row.CreatedAt)))
            .ToList();
    }

    public IReadOnlySet<string> Referenced()
    {
        using var connection = database.Open();
        return connection.Query<string>(
                """
                SELECT sha256 FROM run_artifacts
                UNION SELECT onnx_sha256 FROM model_versions WHERE status <> @archived
                UNION SELECT weights_sha256 FROM model_versions WHERE status <> @archived AND weights_sha256 <> ''
                """,
                new { archived = (int)VersionState.Archived })
            .ToHashSet(StringComparer.Ordinal);
    }

    public void Delete(string sha256)
    {
        using var connection = database.Open();
        connection.Execute("DELETE FROM artifacts WHERE sha256 = @sha256", new { sha256 });
    }

    private sealed record Row(string Sha256, string Name, string MediaType, long SizeBytes, string? RunId, string CreatedAt)
    {
        public ArtifactEntry ToArtifact() => new(Sha256, Name, MediaType, SizeBytes, RunId ?? "");
    }
}
