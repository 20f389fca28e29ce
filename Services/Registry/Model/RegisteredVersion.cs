using Mlops.Scoring;

namespace Mlops.Registry.Model;

/// <summary>Whether a version may be served; the numbers are the stored ones.</summary>
public enum VersionState
{
    Unspecified = 0,
    Ready = 1,
    Archived = 2,
}

/// <summary>One numbered version of a registered model.</summary>
public sealed record RegisteredVersion
{
    public required string ModelName { get; init; }

    public int Version { get; init; }

    public VersionState Status { get; init; }

    public string OnnxSha256 { get; init; } = "";

    public string WeightsSha256 { get; init; } = "";

    public long SizeBytes { get; init; }

    public TensorSignature? Signature { get; init; }

    public IReadOnlyList<string> ClassNames { get; init; } = [];

    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    public VersionLineage? Lineage { get; init; }

    /// <summary>The aliases pointing at this version now (joined in when read, never stored with it).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    public GateVerdict? GateResult { get; init; }

    public string Description { get; init; } = "";

    public DateTimeOffset? CreatedAt { get; init; }

    public string Label => $"{ModelName}/{Version}";
}

/// <summary>Where a version came from: its run, the dataset version it learned from, its config and code.</summary>
public sealed record VersionLineage
{
    public string RunId { get; init; } = "";

    public string DatasetVersionId { get; init; } = "";

    public string ConfigYaml { get; init; } = "";

    public string GitCommit { get; init; } = "";
}

/// <summary>A model's inputs and outputs.</summary>
public sealed record TensorSignature(IReadOnlyList<TensorDescription> Inputs, IReadOnlyList<TensorDescription> Outputs);

/// <summary>A registered model: its latest version number and where its aliases point.</summary>
public sealed record ModelSummary(string Name, int LatestVersion, IReadOnlyDictionary<string, int> Aliases, DateTimeOffset? CreatedAt);

/// <summary>What a new version is registered with; an empty signature or class list is read from the ONNX file.</summary>
public sealed record VersionRegistration
{
    public required string ModelName { get; init; }

    public string OnnxSha256 { get; init; } = "";

    public string WeightsSha256 { get; init; } = "";

    public TensorSignature? Signature { get; init; }

    public IReadOnlyList<string> ClassNames { get; init; } = [];

    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    public VersionLineage? Lineage { get; init; }

    public string Description { get; init; } = "";
}
