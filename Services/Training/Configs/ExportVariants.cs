namespace Mlops.Training.Configs;

/// <summary>The compressed variants a job registers besides its fp32 model: <c>export.int8</c>, <c>export.prune_sparsity</c>.</summary>
public sealed record ExportVariants(bool Int8, int CalibrationImages, double PruneSparsity, int PruneFineTuneEpochs)
{
    public static ExportVariants None { get; } = new(false, 1000, 0, 1);

    public bool Any => Int8 || PruneSparsity > 0;
}
