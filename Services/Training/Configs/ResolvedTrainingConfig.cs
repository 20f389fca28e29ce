namespace Mlops.Training.Configs;

/// <summary>
/// A config with its groups, overrides and defaults applied and every value typed and checked:
/// <see cref="Yaml"/> lists every key, <see cref="Hash"/> is the sha256 of that YAML.
/// </summary>
public sealed record ResolvedTrainingConfig(IReadOnlyDictionary<string, object> Values, string Yaml, string Hash)
{
    public T Get<T>(string path) => (T)Values[path];

    public TrainingConfig ToTrainingConfig() => TrainingConfig.From(this);
}
