using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Mlops.Imaging;
using Mlops.Inference.Serving;
using Mlops.Inference.Telemetry;

namespace Mlops.Inference.Collection;

/// <summary>
/// The bounded queue between requests and the drift service. <see cref="Collect"/> never waits: when the queue is full the
/// record is dropped and counted, so a slow or absent drift service cannot slow a prediction.
/// </summary>
public sealed class PredictionCollector(IOptions<CollectionOptions> options, InferenceMetrics metrics, TimeProvider time)
{
    private readonly CollectionOptions settings = options.Value;
    private readonly Channel<CollectedPrediction> queue = Channel.CreateBounded<CollectedPrediction>(
        new BoundedChannelOptions(Math.Max(1, options.Value.QueueCapacity)) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    public ChannelReader<CollectedPrediction> Reader => queue.Reader;

    public bool Enabled => settings.Enabled;

    /// <summary>Queues one prediction of a (model-shaped) byte image.</summary>
    public void Collect(
        string modelName, int version, ReadOnlySpan<byte> pixels, ImageShape shape, float[] probabilities, int label, string requestId, ModelLineage? lineage = null)
    {
        if (!settings.Enabled)
        {
            return;
        }

        var features = Features(pixels, shape);
        var raw = settings.RawPixelSampleRate > 0 && Random.Shared.NextDouble() < settings.RawPixelSampleRate ? pixels.ToArray() : null;
        var record = new CollectedPrediction(modelName, version, time.GetUtcNow(), features, probabilities, label, raw, requestId, lineage);
        if (!queue.Writer.TryWrite(record))
        {
            metrics.RecordsDropped(1, "queue_full");
        }
    }

    /// <summary>Statistics of a grey image, or of the mean of the channels of a colour one.</summary>
    private static ImageFeatures Features(ReadOnlySpan<byte> pixels, ImageShape shape)
    {
        if (shape.Channels == 1)
        {
            return ImageStatistics.Compute(pixels, shape.Height, shape.Width);
        }

        var plane = shape.Height * shape.Width;
        var grey = plane <= 4096 ? stackalloc byte[plane] : new byte[plane];
        for (var index = 0; index < plane; index++)
        {
            var sum = 0;
            for (var channel = 0; channel < shape.Channels; channel++)
            {
                sum += pixels[(channel * plane) + index];
            }

            grey[index] = (byte)(sum / shape.Channels);
        }

        return ImageStatistics.Compute(grey, shape.Height, shape.Width);
    }
}
