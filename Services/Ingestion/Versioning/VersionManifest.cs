using System.Text.Json;
using Mlops.Imaging;
using Mlops.Ingestion.Model;
using Mlops.Ingestion.Repositories;

namespace Mlops.Ingestion.Versioning;

/// <summary>
/// The normalised description of a version's content: shape, class names in label order, and for each split
/// (train, validation, test, always all three) its image count and the sha256 of its pixel and label blobs.
/// Written as compact JSON with a fixed property order, so the same content always gives the same bytes; the
/// version id is the sha256 of those bytes, and the manifest is stored as the blob of that name.
/// </summary>
public sealed record VersionManifest(ImageShape Shape, IReadOnlyList<string> ClassNames, IReadOnlyList<SplitBlobs> Splits)
{
    public const string Format = "mlops-dataset/1";

    public SplitBlobs this[DatasetSplit split] => Splits.First(blobs => blobs.Split == split);

    /// <summary>Every blob a version with this manifest points to: each split's pixels and labels, the profile and the manifest.</summary>
    public IReadOnlyList<string> BlobsWith(VersionBlobRefs refs) =>
        [.. Splits.SelectMany(split => new[] { split.PixelsSha256, split.LabelsSha256 }), refs.ProfileSha256, refs.ManifestSha256];

    public byte[] ToCanonicalJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteStartObject("shape");
            json.WriteNumber("channels", Shape.Channels);
            json.WriteNumber("height", Shape.Height);
            json.WriteNumber("width", Shape.Width);
            json.WriteEndObject();
            json.WriteStartArray("class_names");
            foreach (var name in ClassNames)
            {
                json.WriteStringValue(name);
            }

            json.WriteEndArray();
            json.WriteStartArray("splits");
            foreach (var split in Splits.OrderBy(blobs => blobs.Split))
            {
                json.WriteStartObject();
                json.WriteString("split", DatasetSplits.NameOf(split.Split));
                json.WriteNumber("count", split.Count);
                json.WriteString("pixels_sha256", split.PixelsSha256);
                json.WriteString("labels_sha256", split.LabelsSha256);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static VersionManifest Parse(ReadOnlySpan<byte> bytes)
    {
        using var document = JsonDocument.Parse(bytes.ToArray());
        var root = document.RootElement;
        if (root.GetProperty("format").GetString() != Format)
        {
            throw new FormatException($"Not a {Format} manifest.");
        }

        var shape = root.GetProperty("shape");
        return new VersionManifest(
            new ImageShape(shape.GetProperty("channels").GetInt32(), shape.GetProperty("height").GetInt32(), shape.GetProperty("width").GetInt32()),
            [.. root.GetProperty("class_names").EnumerateArray().Select(name => name.GetString()!)],
            [.. root.GetProperty("splits").EnumerateArray().Select(split => new SplitBlobs(
                DatasetSplits.Parse(split.GetProperty("split").GetString()!),
                split.GetProperty("count").GetInt32(),
                split.GetProperty("pixels_sha256").GetString()!,
                split.GetProperty("labels_sha256").GetString()!))]);
    }
}
