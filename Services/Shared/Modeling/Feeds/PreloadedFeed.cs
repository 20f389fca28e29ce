using static TorchSharp.torch;

namespace Mlops.Modeling.Feeds;

/// <summary>
/// The whole set scaled once into one tensor; batches are gathered from it in the same shuffled
/// order the pipelined feed uses. The reference point for how much the pipeline costs.
/// </summary>
internal sealed class PreloadedFeed : ITrainingFeed
{
    private readonly Tensor images;
    private readonly Tensor labels;
    private readonly EpochShuffle shuffle;
    private readonly int batchSize;
    private int[] order = [];
    private readonly int imagesPerEpoch;
    private int position;

    public PreloadedFeed(LabeledImages data, TrainingOptions options, int imagesPerEpoch, int skipEpochs = 0)
    {
        this.imagesPerEpoch = imagesPerEpoch;
        images = tensor(PixelScaling.ToUnitRange(data.Pixels), [data.Count, data.Channels, data.Height, data.Width]);
        labels = ImageTensors.Int64(data.Labels);
        shuffle = new EpochShuffle(data.Count, options.Seed);
        shuffle.Skip(skipEpochs);
        batchSize = options.BatchSize;
    }

    public TimeSpan WaitTime => TimeSpan.Zero;

    public (Tensor Images, Tensor Labels) Next(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (position >= Math.Min(order.Length, imagesPerEpoch))
        {
            order = shuffle.NextOrder();
            position = 0;
        }
        var count = Math.Min(batchSize, imagesPerEpoch - position);
        using var index = ImageTensors.Int64(order.AsSpan(position, count));
        position += count;
        return (images.index_select(0, index), labels.index_select(0, index));
    }

    public void Dispose()
    {
        images.Dispose();
        labels.Dispose();
    }
}
