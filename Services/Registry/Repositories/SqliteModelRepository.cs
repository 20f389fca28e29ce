using Dapper;
using Microsoft.Data.Sqlite;
using Mlops.Registry.V1;
using Mlops.Storage;

namespace Mlops.Registry.Repositories;

public sealed class SqliteModelRepository(SqliteDatabase database) : IModelRepository
{
    public IReadOnlyList<RegisteredModel> ListModels()
    {
        using var connection = database.Open();
        return connection.Query<(string Name, string CreatedAt)>("SELECT name, created_at FROM models ORDER BY name")
            .Select(row =>
            {
                var model = new RegisteredModel
                {
                    Name = row.Name,
                    CreatedAt = StoredTime.Parse(row.CreatedAt),
                    LatestVersion = connection.ExecuteScalar<int?>(
                        "SELECT MAX(version) FROM model_versions WHERE model_name = @Name", new { row.Name }) ?? 0,
                };
                foreach (var (alias, version) in AliasesOf(connection, row.Name))
                {
                    model.Aliases[alias] = version;
                }

                return model;
            })
            .ToList();
    }

    public IReadOnlyList<ModelVersion> ListVersions(string modelName, bool includeArchived)
    {
        using var connection = database.Open();
        var aliases = AliasesOf(connection, modelName);
        return connection.Query<byte[]>(
                """
                SELECT model_version FROM model_versions
                WHERE model_name = @modelName AND (@includeArchived OR status <> @archived)
                ORDER BY version DESC
                """,
                new { modelName, includeArchived, archived = (int)ModelVersionStatus.Archived })
            .Select(bytes => WithAliases(ModelVersion.Parser.ParseFrom(bytes), aliases))
            .ToList();
    }

    public ModelVersion? FindVersion(string modelName, int version)
    {
        using var connection = database.Open();
        var bytes = connection.QueryFirstOrDefault<byte[]>(
            "SELECT model_version FROM model_versions WHERE model_name = @modelName AND version = @version",
            new { modelName, version });
        return bytes is null ? null : WithAliases(ModelVersion.Parser.ParseFrom(bytes), AliasesOf(connection, modelName));
    }

    public int? ResolveAlias(string modelName, string alias)
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<int?>(
            "SELECT version FROM aliases WHERE model_name = @modelName AND alias = @alias", new { modelName, alias });
    }

    public IReadOnlyList<AliasChange> AliasHistory(string modelName, string? alias)
    {
        using var connection = database.Open();
        return connection.Query<(string Alias, long Version, long PreviousVersion, string Actor, string Reason, string ChangedAt)>(
                """
                SELECT alias, version, previous_version, actor, reason, changed_at FROM alias_history
                WHERE model_name = @modelName AND (@alias IS NULL OR alias = @alias) ORDER BY id
                """,
                new { modelName, alias })
            .Select(row => new AliasChange
            {
                ModelName = modelName,
                Alias = row.Alias,
                Version = (int)row.Version,
                PreviousVersion = (int)row.PreviousVersion,
                Actor = row.Actor,
                Reason = row.Reason,
                ChangedAt = StoredTime.Parse(row.ChangedAt),
            })
            .ToList();
    }

    private static List<(string Alias, int Version)> AliasesOf(SqliteConnection connection, string modelName) =>
        connection.Query<(string, int)>(
            "SELECT alias, version FROM aliases WHERE model_name = @modelName ORDER BY alias", new { modelName }).ToList();

    private static ModelVersion WithAliases(ModelVersion version, List<(string Alias, int Version)> aliases)
    {
        version.Aliases.Clear();
        version.Aliases.AddRange(aliases.Where(alias => alias.Version == version.Version).Select(alias => alias.Alias));
        return version;
    }
}
