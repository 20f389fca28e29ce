using Google.Protobuf.Collections;
using Mlops.Ingestion.Importing;
using Mlops.Ingestion.Model;
using Mlops.Ingestion.Splitting;
using Mlops.Ingestion.V1;
using ContractShape = Mlops.Common.V1.ImageShape;
using ContractSplit = Mlops.Common.V1.Split;
using ImageShape = Mlops.Imaging.ImageShape;

namespace Mlops.Ingestion.Grpc;

/// <summary>Request messages to domain values, checked on the way.</summary>
internal static class IngestionMessages
{
    public const int MaxSide = 4096;

    public static ImportSettings Settings(string name, RepeatedField<string> tags, SplitPolicy? split) =>
        new(name, [.. tags], split is null ? SplitRatios.Default : new SplitRatios(split.ValidationFraction, split.TestFraction, split.Seed));

    /// <summary>The requested shape, or null when the request leaves it unset (all zero).</summary>
    public static ImageShape? Shape(ContractShape? shape)
    {
        if (shape is null || (shape.Channels == 0 && shape.Height == 0 && shape.Width == 0))
        {
            return null;
        }

        if (shape.Channels is not (1 or 3) || shape.Height is < 1 or > MaxSide || shape.Width is < 1 or > MaxSide)
        {
            throw IngestionStatus.InvalidArgument(
                $"Shape {shape.Channels}x{shape.Height}x{shape.Width} is not supported: use 1 (grey) or 3 (RGB) channels and sides of 1 to {MaxSide} pixels.");
        }

        return new ImageShape(shape.Channels, shape.Height, shape.Width);
    }

    public static DatasetSplit Split(ContractSplit split) => split switch
    {
        ContractSplit.Train => DatasetSplit.Train,
        ContractSplit.Validation => DatasetSplit.Validation,
        ContractSplit.Test => DatasetSplit.Test,
        _ => throw IngestionStatus.InvalidArgument("Choose a split: SPLIT_TRAIN, SPLIT_VALIDATION or SPLIT_TEST."),
    };

    public static IdxImportPaths IdxPaths(IdxSource idx) =>
        new(idx.ImagesPath, idx.LabelsPath, NullIfEmpty(idx.TestImagesPath), NullIfEmpty(idx.TestLabelsPath));

    private static string? NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;
}
