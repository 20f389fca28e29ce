using Mlops.Common.V1;
using Mlops.Ingestion.V1;
using Spectre.Console.Rendering;

namespace Mlops.Cli.Output;

public static class DatasetViews
{
    public static IRenderable List(ListDatasetsResponse response)
    {
        var table = Tables.Create("name", "versions", "latest", "created", "samples", "classes", "tags");
        foreach (var dataset in response.Datasets.OrderBy(dataset => dataset.Name, StringComparer.Ordinal))
        {
            var latest = dataset.Latest ?? new DatasetVersion();
            table.AddCells(dataset.Name, Format.Integer(dataset.VersionCount), Format.ShortId(latest.Id),
                Format.Time(latest.CreatedAt), Format.Integer(Samples(latest)), Format.Integer(latest.ClassNames.Count), Tables.Join(latest.Tags));
        }

        return response.Datasets.Count == 0 ? Empty("No datasets yet: import one with `mlops data import`.") : table.RightAligned(1, 4, 5);
    }

    public static IRenderable Versions(ListVersionsResponse response)
    {
        var table = Tables.Create("id", "name", "created", "samples", "size", "source", "tags");
        foreach (var version in response.Versions)
        {
            table.AddCells(Format.ShortId(version.Id), version.Name, Format.Time(version.CreatedAt),
                Format.Integer(Samples(version)), Format.Bytes(version.SizeBytes), version.Source, Tables.Join(version.Tags));
        }

        return table.RightAligned(3, 4);
    }

    public static IRenderable Show(DatasetVersion version)
    {
        var shape = version.Shape is { } s ? $"{s.Channels}x{s.Height}x{s.Width}" : "-";
        var details = Tables.Details(
            ("id", version.Id), ("name", version.Name), ("created", Format.Time(version.CreatedAt)), ("source", version.Source),
            ("shape", shape), ("size", Format.Bytes(version.SizeBytes)), ("tags", Tables.Join(version.Tags)));
        return Tables.Stack(details, Splits(version));
    }

    public static IRenderable Imported(ImportDatasetResponse response)
    {
        var what = response.Created ? "Imported" : "Already stored (identical content)";
        var line = new Spectre.Console.Text($"{what}: {response.Version.Name}@{Format.ShortId(response.Version.Id)} in {Format.Number(response.Seconds, 2)} s");
        return Tables.Stack(line, Show(response.Version));
    }

    public static IRenderable Transferred(string verb, string direction, DatasetTransfer transfer)
    {
        var line = new Spectre.Console.Text(
            $"{verb} {transfer.Version.Name}@{transfer.Version.Id} {direction} {transfer.Remote}: " +
            $"{transfer.BlobsCopied} of {transfer.BlobsTotal} blobs copied ({Format.Bytes(transfer.BytesCopied)}), the rest were already there");
        return Tables.Stack(line, Show(transfer.Version));
    }

    /// <summary>Class counts per split: one row per class, one column per split, and a total row.</summary>
    public static IRenderable Splits(DatasetVersion version)
    {
        var splits = version.Splits.OrderBy(split => split.Split).ToList();
        var table = Tables.Create(["label", "class", .. splits.Select(split => SplitName(split.Split))]);
        var labels = splits.SelectMany(split => split.Classes).Select(count => count.Label)
            .Concat(Enumerable.Range(0, version.ClassNames.Count)).Distinct().Order();
        foreach (var label in labels)
        {
            var name = label < version.ClassNames.Count ? version.ClassNames[label]
                : splits.SelectMany(split => split.Classes).FirstOrDefault(count => count.Label == label)?.ClassName ?? "";
            table.AddCells([Format.Integer(label), name,
                .. splits.Select(split => Format.Integer(split.Classes.FirstOrDefault(count => count.Label == label)?.Count ?? 0))]);
        }

        table.AddCells(["", "total", .. splits.Select(split => Format.Integer(split.Count))]);
        return table.RightAligned([0, .. Enumerable.Range(2, splits.Count)]);
    }

    public static IRenderable Exported(string folder, IReadOnlyList<ExportedFile> files)
    {
        var table = Tables.Create("file", "size", "sha256", "verified");
        foreach (var file in files)
        {
            table.AddCells(file.Name, Format.Bytes(file.SizeBytes), Format.ShortId(file.Sha256), file.Verified ? "yes" : "no");
        }

        return Tables.Stack(new Spectre.Console.Text($"Exported {files.Count} files to {folder}"), table.RightAligned(1));
    }

    public static string ExportedJson(string versionId, string folder, IReadOnlyList<ExportedFile> files) =>
        System.Text.Json.JsonSerializer.Serialize(
            new { versionId, folder, files = files.Select(file => new { name = file.Name, sizeBytes = file.SizeBytes, sha256 = file.Sha256, verified = file.Verified }) },
            new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

    public static string SplitName(Split split) => split switch
    {
        Split.Train => "train",
        Split.Validation => "validation",
        Split.Test => "test",
        _ => "unspecified",
    };

    private static long Samples(DatasetVersion version) => version.Splits.Sum(split => split.Count);

    internal static IRenderable Empty(string text) => new Spectre.Console.Text(text);
}


