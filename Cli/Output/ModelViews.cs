using Mlops.Registry.V1;
using Spectre.Console.Rendering;

namespace Mlops.Cli.Output;

public static class ModelViews
{
    public static IRenderable List(ListModelsResponse response)
    {
        if (response.Models.Count == 0)
        {
            return DatasetViews.Empty("No registered models yet: `mlops train` registers one.");
        }

        var table = Tables.Create("name", "latest version", "aliases", "created");
        foreach (var model in response.Models.OrderBy(model => model.Name, StringComparer.Ordinal))
        {
            table.AddCells(model.Name, Format.Integer(model.LatestVersion), Aliases(model), Format.Time(model.CreatedAt));
        }

        return table.RightAligned(1);
    }

    public static IRenderable Versions(ListModelVersionsResponse response)
    {
        var table = Tables.Create("version", "status", "aliases", "test_accuracy", "run", "dataset", "created");
        foreach (var version in response.Versions)
        {
            table.AddCells(Format.Integer(version.Version), Status(version.Status), Tables.Join(version.Aliases),
                version.Metrics.TryGetValue("test_accuracy", out var accuracy) ? Format.Fixed(accuracy) : "-",
                version.Lineage?.RunId ?? "", Format.ShortId(version.Lineage?.DatasetVersion ?? ""), Format.Time(version.CreatedAt));
        }

        return table.RightAligned(0, 3);
    }

    public static IRenderable Show(ModelVersion version)
    {
        var details = Tables.Details(
            ("model", $"{version.ModelName}/{version.Version}"), ("status", Status(version.Status)), ("aliases", Tables.Join(version.Aliases)),
            ("created", Format.Time(version.CreatedAt)), ("onnx", version.OnnxSha256), ("size", Format.Bytes(version.SizeBytes)),
            ("classes", Tables.Join(version.ClassNames)), ("description", version.Description),
            ("run", version.Lineage?.RunId ?? ""), ("dataset", version.Lineage?.DatasetVersion ?? ""), ("git commit", version.Lineage?.GitCommit ?? ""));

        var metrics = Tables.Create("metric", "value");
        foreach (var (key, value) in version.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            metrics.AddCells(key, Format.Fixed(value));
        }

        var signature = Tables.Create("tensor", "name", "type", "shape");
        foreach (var input in version.Signature?.Inputs ?? [])
        {
            signature.AddCells("input", input.Name, input.Datatype, Shape(input.Shape));
        }

        foreach (var output in version.Signature?.Outputs ?? [])
        {
            signature.AddCells("output", output.Name, output.Datatype, Shape(output.Shape));
        }

        return Tables.Stack(
            details,
            version.Metrics.Count > 0 ? metrics.RightAligned(1) : null,
            signature.Rows.Count > 0 ? signature : null,
            version.GateResult is { Checks.Count: > 0 } gate ? Tables.Titled("last gate evaluation", Gate(gate)) : null);
    }

    /// <summary>The gate's checks: what was measured against which threshold, and whether it passed.</summary>
    public static IRenderable Gate(GateResult gate)
    {
        var table = Tables.Create("check", "measured", "threshold", "passed", "message");
        foreach (var check in gate.Checks)
        {
            table.AddCells(check.Name, Format.Number(check.Measured, 4), Format.Number(check.Threshold, 4), check.Passed ? "yes" : "NO", check.Message);
        }

        var summary = new Spectre.Console.Text(
            $"Gate {(gate.Passed ? "passed" : "refused")}: accuracy {Format.Fixed(gate.Accuracy)} on {gate.Samples} samples, " +
            $"{Format.Number(gate.LatencyMsPerImage, 3)} ms per image, evaluated {Format.Time(gate.EvaluatedAt)}");
        return new Spectre.Console.Rows(table.RightAligned(1, 2), summary);
    }

    public static IRenderable Promoted(PromoteModelResponse response)
    {
        var change = response.Change;
        var moved = change.PreviousVersion > 0 && change.PreviousVersion != change.Version
            ? $"{change.ModelName}@{change.Alias} moved from version {change.PreviousVersion} to {change.Version}"
            : $"{change.ModelName}@{change.Alias} now points at version {change.Version}";
        var line = new Spectre.Console.Text(moved);
        return response.Gate is { Checks.Count: > 0 } gate ? Tables.Stack(Gate(gate), line) : line;
    }

    public static string Status(ModelVersionStatus status) => status == ModelVersionStatus.Unspecified ? "-" : Format.Words(status);

    private static string Aliases(RegisteredModel model) =>
        string.Join(", ", model.Aliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key} → {a.Value}"));

    private static string Shape(IEnumerable<long> shape) => "[" + string.Join(", ", shape.Select(d => d < 0 ? "?" : Format.Integer(d))) + "]";
}
