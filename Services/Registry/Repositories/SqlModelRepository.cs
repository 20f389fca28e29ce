using System.Data.Common;
using Dapper;
using Mlops.Registry.Grpc;
using Mlops.Registry.Model;
using Mlops.Storage;

namespace Mlops.Registry.Repositories;

public sealed class SqlModelRepository(MetadataDatabase database) : IModelRepository
{
    public IReadOnlyList<ModelSummary> ListModels()
    {
        using var connection = database.Open();
        return connection.Query<(string Name, string CreatedAt)>("SELECT name, created_at FROM models ORDER BY name")
            .Select(row => new ModelSummary(
                row.Name,
                connection.ExecuteScalar<int?>("SELECT MAX(version) FROM model_versions WHERE model_name = @Name", new { row.Name }) ?? 0,
                AliasesOf(connection, row.Name).ToDictionary(alias => alias.Alias, alias => alias.Version),
                StoredTime.Parse(row.CreatedAt)))
            .ToList();
    }

    public IReadOnlyList<RegisteredVersion> ListVersions(string modelName, bool includeArchived)
    {
        using var connection = database.Open();
        var aliases = AliasesOf(connection, modelName);
        return connection.Query<byte[]>(
                """
                SELECT model_version FROM model_versions
                WHERE model_name = @modelName AND (@includeArchived OR status <> @archived)
                ORDER BY version DESC
                """,
                new { modelName, includeArchived, archived = (int)VersionState.Archived })
            .Select(bytes => WithAliases(RegistryMapping.VersionFromBytes(bytes), aliases))
            .ToList();
    }

    public RegisteredVersion? FindVersion(string modelName, int version)
    {
        using var connection = database.Open();
        var bytes = connection.QueryFirstOrDefault<byte[]>(
            "SELECT model_version FROM model_versions WHERE model_name = @modelName AND version = @version",
            new { modelName, version });
        return bytes is null ? null : WithAliases(RegistryMapping.VersionFromBytes(bytes), AliasesOf(connection, modelName));
    }

    public RegisteredVersion InsertVersion(RegisteredVersion version, DateTimeOffset now)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        // DO UPDATE rather than DO NOTHING: it locks the model's row until commit, so a concurrent registration of the same
        // model (another replica on the same PostgreSQL) waits here and then numbers after this one. SQLite's write
        // transaction already serializes; (model_name, version) is the primary key either way, so a race can never share a number.
        connection.Execute(
            "INSERT INTO models (name, created_at) VALUES (@ModelName, @CreatedAt) ON CONFLICT (name) DO UPDATE SET name = excluded.name",
            new { version.ModelName, CreatedAt = StoredTime.Format(now) }, transaction);
        var number = connection.ExecuteScalar<int>(
            "SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE model_name = @ModelName", new { version.ModelName }, transaction);
        var stored = version with { Version = number, CreatedAt = now, Aliases = [] };
        connection.Execute(
            """
            INSERT INTO model_versions (model_name, version, status, onnx_sha256, weights_sha256, model_version)
            VALUES (@ModelName, @Version, @Status, @OnnxSha256, @WeightsSha256, @Bytes)
            """,
            Parameters(stored), transaction);
        transaction.Commit();
        return stored;
    }

    public void UpdateVersion(RegisteredVersion version)
    {
        using var connection = database.Open();
        var stored = version with { Aliases = [] };
        connection.Execute(
            """
            UPDATE model_versions SET status = @Status, onnx_sha256 = @OnnxSha256, weights_sha256 = @WeightsSha256, model_version = @Bytes
            WHERE model_name = @ModelName AND version = @Version
            """,
            Parameters(stored));
    }

    public int? ResolveAlias(string modelName, string alias)
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<int?>(
            "SELECT version FROM aliases WHERE model_name = @modelName AND alias = @alias", new { modelName, alias });
    }

    public AliasMove MoveAlias(string modelName, string alias, int version, string actor, string reason, DateTimeOffset now)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        var previous = connection.ExecuteScalar<int?>(
            "SELECT version FROM aliases WHERE model_name = @modelName AND alias = @alias", new { modelName, alias }, transaction) ?? 0;
        var row = new { modelName, alias, version, previous, actor, reason, changedAt = StoredTime.Format(now) };
        connection.Execute(
            """
            INSERT INTO aliases (model_name, alias, version, previous_version, changed_at, actor, reason)
            VALUES (@modelName, @alias, @version, @previous, @changedAt, @actor, @reason)
            ON CONFLICT (model_name, alias) DO UPDATE SET
                version = excluded.version, previous_version = excluded.previous_version,
                changed_at = excluded.changed_at, actor = excluded.actor, reason = excluded.reason
            """,
            row, transaction);
        connection.Execute(
            """
            INSERT INTO alias_history (model_name, alias, version, previous_version, actor, reason, changed_at)
            VALUES (@modelName, @alias, @version, @previous, @actor, @reason, @changedAt)
            """,
            row, transaction);
        transaction.Commit();
        return new AliasMove
        {
            ModelName = modelName,
            Alias = alias,
            Version = version,
            PreviousVersion = previous,
            Actor = actor,
            Reason = reason,
            ChangedAt = now,
        };
    }

    public IReadOnlyList<AliasMove> CurrentAliases(string? modelName)
    {
        using var connection = database.Open();
        return connection.Query<AliasRow>(
                """
                SELECT model_name AS ModelName, alias, version, previous_version AS PreviousVersion, actor, reason, changed_at AS ChangedAt
                FROM aliases WHERE @modelName IS NULL OR model_name = @modelName ORDER BY model_name, alias
                """,
                new { modelName })
            .Select(row => row.ToChange())
            .ToList();
    }

    public IReadOnlyList<AliasMove> AliasHistory(string modelName, string? alias)
    {
        using var connection = database.Open();
        return connection.Query<AliasRow>(
                """
                SELECT model_name AS ModelName, alias, version, previous_version AS PreviousVersion, actor, reason, changed_at AS ChangedAt
                FROM alias_history WHERE model_name = @modelName AND (@alias IS NULL OR alias = @alias) ORDER BY id
                """,
                new { modelName, alias })
            .Select(row => row.ToChange())
            .ToList();
    }

    private static object Parameters(RegisteredVersion version) => new
    {
        version.ModelName,
        version.Version,
        Status = (int)version.Status,
        version.OnnxSha256,
        version.WeightsSha256,
        Bytes = version.ToBytes(),
    };

    private static List<(string Alias, int Version)> AliasesOf(DbConnection connection, string modelName) =>
        connection.Query<(string, int)>(
            "SELECT alias, version FROM aliases WHERE model_name = @modelName ORDER BY alias", new { modelName }).ToList();

    private static RegisteredVersion WithAliases(RegisteredVersion version, List<(string Alias, int Version)> aliases) =>
        version with { Aliases = [.. aliases.Where(alias => alias.Version == version.Version).Select(alias => alias.Alias)] };

    private sealed record AliasRow(string ModelName, string Alias, long Version, long PreviousVersion, string Actor, string Reason, string ChangedAt)
    {
        public AliasMove ToChange() => new()
        {
            ModelName = ModelName,
            Alias = Alias,
            Version = (int)Version,
            PreviousVersion = (int)PreviousVersion,
            Actor = Actor,
            Reason = Reason,
            ChangedAt = StoredTime.Parse(ChangedAt),
        };
    }
}
