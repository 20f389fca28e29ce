using Mlops.Imaging;
using Mlops.Ingestion.V1;

namespace Mlops.Frontend.Platform;

public sealed record SampleImage(int Label, string DataUri);

/// <summary>Sample images of a dataset version grouped by class, a few per class, as PNG data URIs for &lt;img&gt; tags.</summary>
public static class SampleGrid
{
    public static IReadOnlyDictionary<int, List<SampleImage>> Build(IEnumerable<SampleBatch> batches, Common.V1.ImageShape shape, int perClass)
    {
        var imageShape = new ImageShape(shape.Channels, shape.Height, shape.Width);
        var byClass = new SortedDictionary<int, List<SampleImage>>();
        foreach (var batch in batches)
        {
            var pixels = batch.Pixels.Span;
            for (var index = 0; index < batch.Count; index++)
            {
                int label = batch.Labels[index];
                if (!byClass.TryGetValue(label, out var images))
                {
                    images = [];
                    byClass[label] = images;
                }

                if (images.Count < perClass)
                {
                    var png = ImageEncoder.EncodePng(pixels.Slice(index * imageShape.PixelCount, imageShape.PixelCount), imageShape);
                    images.Add(new SampleImage(label, "data:image/png;base64," + Convert.ToBase64String(png)));
                }
            }
        }

        return byClass;
    }
}
