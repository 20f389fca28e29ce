using Mlops.Imaging;
using Mlops.Ingestion.Importing;

namespace Mlops.Ingestion.Tests;

public sealed class EncodedImageDecoderTests
{
    private static readonly IdxImages Sample = IdxReader.ReadImages(TestData.Sample(FashionMnist.TestImagesFile));
    private static readonly byte[] SampleLabels = IdxReader.ReadLabels(TestData.Sample(FashionMnist.TestLabelsFile));
    private static readonly string[] Classes = [.. Enumerable.Range(0, 10).Select(label => $"class{label}")];

    private static List<EncodedImage> Encoded(int count, Func<int, string> name) =>
        [.. Enumerable.Range(0, count).Select(i => EncodedImage.FromBytes(
            Classes[SampleLabels[i]], name(i), isTest: i % 5 == 0, ImageEncoder.EncodePng(Sample.GetImage(i), 28, 28)))];

    [Fact]
    public void The_same_images_in_another_order_with_other_names_give_the_same_content()
    {
        var images = Encoded(120, i => $"{i}.png");
        var shuffled = images.Select((image, i) => image with { Name = $"renamed-{(i * 37) % 120}.png" }).Reverse().ToList();

        var a = EncodedImageDecoder.Decode(images, Classes, ImageShape.Default, "a");
        var b = EncodedImageDecoder.Decode(shuffled, Classes, ImageShape.Default, "b");

        Assert.True(a.Train.Pixels.Span.SequenceEqual(b.Train.Pixels.Span));
        Assert.True(a.Train.Labels.Span.SequenceEqual(b.Train.Labels.Span));
        Assert.True(a.Test!.Pixels.Span.SequenceEqual(b.Test!.Pixels.Span));
        Assert.Equal(96, a.Train.Count);
        Assert.Equal(24, a.Test.Count);
    }

    [Fact]
    public void Orders_by_label_then_pixels_and_decodes_losslessly()
    {
        var decoded = EncodedImageDecoder.Decode(Encoded(60, i => $"{i}.png"), Classes, ImageShape.Default, "a");

        var expected = Enumerable.Range(0, 60).Where(i => i % 5 != 0)
            .OrderBy(i => SampleLabels[i]).ThenBy(i => Sample.GetImage(i).ToArray(), new BytesComparer()).ToList();
        for (int k = 0; k < expected.Count; k++)
        {
            Assert.True(Sample.GetImage(expected[k]).SequenceEqual(decoded.Train.Image(k)), $"image {k}");
            Assert.Equal(SampleLabels[expected[k]], decoded.Train.Labels.Span[k]);
        }
    }

    [Fact]
    public void Names_the_image_that_cannot_be_decoded()
    {
        var images = Encoded(60, i => $"{i}.png");
        images[3] = EncodedImage.FromBytes(images[3].ClassName, "broken.png", false, "not a png"u8.ToArray());

        var error = Assert.Throws<DatasetImportException>(() => EncodedImageDecoder.Decode(images, Classes, ImageShape.Default, "a"));
        Assert.Contains("broken.png", error.Message);
        Assert.Equal(ImportFailure.InvalidInput, error.Failure);
    }

    [Fact]
    public void Refuses_a_class_without_training_images_and_an_unknown_class()
    {
        var images = Encoded(60, i => $"{i}.png");
        Assert.Contains("has no training images", Assert.Throws<DatasetImportException>(
            () => EncodedImageDecoder.Decode(images, [.. Classes, "empty"], ImageShape.Default, "a")).Message);
        Assert.Contains("not one of the class names", Assert.Throws<DatasetImportException>(
            () => EncodedImageDecoder.Decode(images, Classes[..3], ImageShape.Default, "a")).Message);
    }

    private sealed class BytesComparer : IComparer<byte[]>
    {
        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
