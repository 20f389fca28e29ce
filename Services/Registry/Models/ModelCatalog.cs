using Mlops.Registry.Artifacts;
using Mlops.Registry.Events;
using Mlops.Registry.Model;
using Mlops.Registry.Repositories;
using Mlops.Registry.Runs;

namespace Mlops.Registry.Models;

/// <summary>Registered models and their numbered versions: registering (after ONNX Runtime has vouched for the file), finding, archiving.</summary>
public sealed class ModelCatalog(IModelRepository models, ArtifactStore artifacts, RunStore runs, TimeProvider clock, IEnumerable<IModelVersionSink> sinks)
{
    public async Task<RegisteredVersion> RegisterAsync(VersionRegistration request, CancellationToken cancellationToken)
    {
        ModelName.Validate(request.ModelName, "Model name");
        if (string.IsNullOrWhiteSpace(request.OnnxSha256))
        {
            throw RegistryException.InvalidArgument("Give onnx_sha256: upload the ONNX file with UploadArtifact first and pass the sha256 it returns.");
        }

        var onnx = await artifacts.ReadAllAsync(request.OnnxSha256, cancellationToken);
        if (request.WeightsSha256.Length > 0 && !await artifacts.ExistsAsync(request.WeightsSha256, cancellationToken))
        {
            throw RegistryException.NotFound($"No artifact with weights_sha256 {request.WeightsSha256}; upload the weights with UploadArtifact first.");
        }

        var info = OnnxModelInspector.Inspect(onnx);
        var signature = request.Signature is { } declared && (declared.Inputs.Count > 0 || declared.Outputs.Count > 0)
            ? declared
            : info.Signature;
        var differences = SignatureComparison.Differences(signature, info.Signature);
        if (differences.Count > 0)
        {
            throw RegistryException.InvalidArgument($"The declared signature does not match the ONNX model: {string.Join("; ", differences)}.");
        }

        var classNames = request.ClassNames.Count > 0 ? request.ClassNames.ToList() : info.ClassNames?.ToList();
        CheckClassNames(classNames, info);

        var version = new RegisteredVersion
        {
            ModelName = request.ModelName,
            Status = VersionState.Ready,
            OnnxSha256 = request.OnnxSha256.ToLowerInvariant(),
            WeightsSha256 = request.WeightsSha256.ToLowerInvariant(),
            SizeBytes = onnx.Length,
            Signature = info.Signature,
            ClassNames = classNames!,
            Metrics = new Dictionary<string, double>(request.Metrics.Count > 0 || request.Lineage is null || request.Lineage.RunId.Length == 0
                ? request.Metrics
                : runs.Get(request.Lineage.RunId).Metrics),
            Lineage = Lineage(request.Lineage),
            Description = request.Description,
        };
        var registered = models.InsertVersion(version, clock.GetUtcNow());
        foreach (var sink in sinks)
        {
            sink.Publish(registered);
        }

        return registered;
    }

    public IReadOnlyList<ModelSummary> ListModels() => models.ListModels();

    public IReadOnlyList<RegisteredVersion> ListVersions(string modelName, bool includeArchived)
    {
        RequireModel(modelName);
        return models.ListVersions(modelName, includeArchived);
    }

    public RegisteredVersion Get(string modelName, int version) =>
        models.FindVersion(modelName, version)
        ?? throw RegistryException.NotFound($"Model '{modelName}' has no version {version}; {Known(modelName)}.");

    /// <summary>Resolves `name` (the latest version that is not archived), `name@alias` or `name/version`.</summary>
    public RegisteredVersion Resolve(string text)
    {
        if (!ModelReference.TryParse(text, out var reference))
        {
            throw RegistryException.InvalidArgument($"'{text}' is not a model reference: use name, name@alias or name/version.");
        }

        RequireModel(reference.ModelName);
        if (reference.Version is { } number)
        {
            return Get(reference.ModelName, number);
        }

        if (reference.Alias is { } alias)
        {
            var target = models.ResolveAlias(reference.ModelName, alias)
                ?? throw RegistryException.NotFound($"Model '{reference.ModelName}' has no alias '{alias}'; {KnownAliases(reference.ModelName)}.");
            return Get(reference.ModelName, target);
        }

        return models.ListVersions(reference.ModelName, includeArchived: false).FirstOrDefault()
            ?? throw RegistryException.NotFound($"Every version of model '{reference.ModelName}' is archived.");
    }

    public RegisteredVersion Archive(string modelName, int version)
    {
        RequireModel(modelName);
        var found = Get(modelName, version);
        if (found.Aliases.Count > 0)
        {
            throw RegistryException.FailedPrecondition(
                $"{modelName}/{version} is what alias {string.Join(", ", found.Aliases.Select(alias => $"'{alias}'"))} points at; " +
                "move the alias to another version before archiving this one.");
        }

        if (found.Status == VersionState.Archived)
        {
            return found;
        }

        var archived = found with { Status = VersionState.Archived };
        models.UpdateVersion(archived);
        return archived;
    }

    public void RequireModel(string modelName)
    {
        if (string.IsNullOrWhiteSpace(modelName) || models.ListModels().All(model => model.Name != modelName))
        {
            var names = models.ListModels().Select(model => model.Name).ToList();
            throw RegistryException.NotFound(
                $"No model '{modelName}'; " + (names.Count == 0 ? "none is registered yet." : $"registered models: {string.Join(", ", names)}."));
        }
    }

    /// <summary>The given lineage with what it leaves out filled in from its run.</summary>
    private VersionLineage Lineage(VersionLineage? given)
    {
        var lineage = given ?? new VersionLineage();
        if (lineage.RunId.Length == 0)
        {
            return lineage;
        }

        var run = runs.Get(lineage.RunId);
        return lineage with
        {
            DatasetVersionId = lineage.DatasetVersionId.Length == 0 ? run.DatasetVersionId : lineage.DatasetVersionId,
            ConfigYaml = lineage.ConfigYaml.Length == 0 ? run.ConfigYaml : lineage.ConfigYaml,
            GitCommit = lineage.GitCommit.Length == 0 ? run.GitCommit : lineage.GitCommit,
        };
    }

    private static void CheckClassNames(List<string>? classNames, OnnxModelInfo info)
    {
        var scores = info.ScoresOutput;
        var outputSize = scores.Shape.Count > 0 ? scores.Shape[^1] : -1;
        if (classNames is null || classNames.Count == 0)
        {
            throw RegistryException.InvalidArgument(
                $"Give class_names (one per element of output '{scores.Name}'), or put them in the model's '{OnnxModelInspector.ClassNamesKey}' metadata.");
        }

        if (outputSize > 0 && classNames.Count != outputSize)
        {
            throw RegistryException.InvalidArgument(
                $"{classNames.Count} class names for output {SignatureComparison.Describe(scores)}, which scores {outputSize} classes.");
        }
    }

    private string Known(string modelName)
    {
        var versions = models.ListVersions(modelName, includeArchived: true).Select(version => version.Version).Order().ToList();
        return versions.Count == 0 ? "it has none yet" : $"its versions are {versions[0]}..{versions[^1]}";
    }

    private string KnownAliases(string modelName)
    {
        var aliases = models.CurrentAliases(modelName).Select(change => change.Alias).ToList();
        return aliases.Count == 0 ? "it has no aliases yet" : $"its aliases are {string.Join(", ", aliases)}";
    }
}
