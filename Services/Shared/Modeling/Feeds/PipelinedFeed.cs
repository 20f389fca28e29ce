using System.Diagnostics;
using System.Threading.Channels;
using static TorchSharp.torch;

namespace Mlops.Modeling.Feeds;

/// <summary>
/// Prepares batches (shuffle, augment, scale) on a background task into a bounded channel, so that
/// loading overlaps the training step. Only managed arrays cross threads: tensors are made on the
/// training thread, inside its dispose scope (scopes are thread-static).
/// </summary>
internal sealed class PipelinedFeed : ITrainingFeed
{
    private readonly Channel<HostBatch> channel;
    private readonly CancellationTokenSource stop = new();
    private readonly Task producer;
    private readonly long[] imageShape;
    private long waitTicks;

    /// <param name="imagesPerEpoch">The first this many of each epoch's shuffled order are used (all, or whole batches only).</param>
    /// <param name="skipEpochs">Epochs already trained (a resumed run): their orders and augmentations are drawn and dropped.</param>
    public PipelinedFeed(LabeledImages data, TrainingOptions options, int imagesPerEpoch, int totalBatches, int skipEpochs = 0)
    {
        imageShape = [data.Channels, data.Height, data.Width];
        channel = Channel.CreateBounded<HostBatch>(new BoundedChannelOptions(options.PrefetchBatches)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var shuffle = new EpochShuffle(data.Count, options.Seed);
        var augmenter = new ImageAugmenter(data.Channels, data.Height, data.Width,
            options.RandomHorizontalFlip, options.RandomShiftPixels, options.Seed);
        shuffle.Skip(skipEpochs);
        augmenter.Skip((long)skipEpochs * imagesPerEpoch);
        producer = Task.Run(() => ProduceAsync(data, shuffle, augmenter, options.BatchSize, imagesPerEpoch, totalBatches, stop.Token));
    }

    public TimeSpan WaitTime => TimeSpan.FromTicks(waitTicks);

    public (Tensor Images, Tensor Labels) Next(CancellationToken cancellationToken)
    {
        var read = channel.Reader.ReadAsync(cancellationToken);
        HostBatch batch;
        if (read.IsCompletedSuccessfully)
        {
            batch = read.Result;
        }
        else
        {
            var started = Stopwatch.GetTimestamp();
            batch = read.AsTask().GetAwaiter().GetResult();
            waitTicks += Stopwatch.GetElapsedTime(started).Ticks;
        }
        long[] shape = [batch.Labels.Length, .. imageShape];
        return (tensor(batch.Pixels, shape), tensor(batch.Labels));
    }

    private async Task ProduceAsync(LabeledImages data, EpochShuffle shuffle, ImageAugmenter augmenter,
        int batchSize, int imagesPerEpoch, int totalBatches, CancellationToken cancellationToken)
    {
        try
        {
            var produced = 0;
            while (produced < totalBatches)
            {
                var order = shuffle.NextOrder().AsMemory(0, imagesPerEpoch);
                for (var start = 0; start < order.Length && produced < totalBatches; start += batchSize, produced++)
                {
                    var batch = Assemble(data, order.Span.Slice(start, Math.Min(batchSize, order.Length - start)), augmenter);
                    await channel.Writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                }
            }
            channel.Writer.TryComplete();
        }
        catch (Exception e)
        {
            channel.Writer.TryComplete(e);
        }
    }

    private static HostBatch Assemble(LabeledImages data, ReadOnlySpan<int> indices, ImageAugmenter augmenter)
    {
        var size = data.PixelsPerImage;
        var pixels = new float[indices.Length * size];
        var labels = new long[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            augmenter.Write(data.ImagePixels(indices[i]), pixels.AsSpan(i * size, size));
            labels[i] = data.Labels[indices[i]];
        }
        return new HostBatch(pixels, labels);
    }

    public void Dispose()
    {
        stop.Cancel();
        try
        {
            producer.Wait();
        }
        catch (AggregateException)
        {
            // The producer reports its own failures through the channel; nothing more to do on shutdown.
        }
        stop.Dispose();
    }
}
