using System.Buffers;
using Mlops.Imaging;
using Mlops.Ingestion.Model;

namespace Mlops.Ingestion.Importing;

/// <summary>
/// Decodes PNG/JPEG images of named classes into a <see cref="SourceDataset"/> in canonical order, so the
/// same images give the same content however they arrived (folder or upload) and whatever their file names:
/// training images before test images, then by label, then by the decoded pixel bytes (compared as unsigned
/// bytes, lexicographically). Decoding runs on every core; each image is converted by
/// <see cref="ImageDecoder"/>'s documented rule.
/// </summary>
public static class EncodedImageDecoder
{
    public static SourceDataset Decode(IReadOnlyList<EncodedImage> images, IReadOnlyList<string> classNames, ImageShape shape, string source)
    {
        DatasetNames.ValidateClassNames(classNames);
        var labelOf = classNames.Select((name, label) => (name, label)).ToDictionary(pair => pair.name, pair => (byte)pair.label, StringComparer.Ordinal);
        var labels = new byte[images.Count];
        var trainPerClass = new int[classNames.Count];
        for (int i = 0; i < images.Count; i++)
        {
            if (!labelOf.TryGetValue(images[i].ClassName, out labels[i]))
            {
                throw DatasetImportException.Invalid(
                    $"{images[i].Name} is of class '{images[i].ClassName}', which is not one of the class names ({string.Join(", ", classNames)}).");
            }

            if (!images[i].IsTest)
            {
                trainPerClass[labels[i]]++;
            }
        }

        var empty = Array.IndexOf(trainPerClass, 0);
        if (empty >= 0)
        {
            throw DatasetImportException.Invalid($"Class '{classNames[empty]}' has no training images; every class needs at least one.");
        }

        var pixels = DecodeAll(images, shape);
        var order = CanonicalOrder(images, labels, pixels, shape.PixelCount);
        int testCount = images.Count(image => image.IsTest);
        var train = Gather(order.AsSpan(0, images.Count - testCount), pixels, labels, shape);
        var test = testCount == 0 ? null : Gather(order.AsSpan(images.Count - testCount), pixels, labels, shape);
        return new SourceDataset(shape, classNames, train, test, source);
    }

    private static byte[] DecodeAll(IReadOnlyList<EncodedImage> images, ImageShape shape)
    {
        var pixels = GC.AllocateUninitializedArray<byte>(checked(images.Count * shape.PixelCount));
        try
        {
            Parallel.For(0, images.Count, () => new FileBuffer(), (i, _, buffer) =>
            {
                var image = images[i];
                try
                {
                    var encoded = image.FilePath is null ? image.Content.Span : buffer.Read(image.FilePath);
                    ImageDecoder.Decode(encoded, shape, pixels.AsSpan(i * shape.PixelCount, shape.PixelCount));
                }
                catch (InvalidImageDataException e)
                {
                    throw DatasetImportException.Invalid($"{image.Name} is not a usable image: {e.Message}", e);
                }
                catch (IOException e)
                {
                    throw DatasetImportException.Invalid($"{image.Name} cannot be read: {e.Message}", e);
                }

                return buffer;
            }, buffer => buffer.Dispose());
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<DatasetImportException>().FirstOrDefault() is { } first)
        {
            throw first;
        }

        return pixels;
    }

    private static int[] CanonicalOrder(IReadOnlyList<EncodedImage> images, byte[] labels, byte[] pixels, int pixelCount)
    {
        var order = Enumerable.Range(0, images.Count).ToArray();
        var isTest = images.Select(image => image.IsTest).ToArray();
        Array.Sort(order, (a, b) =>
        {
            int bySplit = isTest[a].CompareTo(isTest[b]);
            if (bySplit != 0)
            {
                return bySplit;
            }

            int byLabel = labels[a].CompareTo(labels[b]);
            return byLabel != 0
                ? byLabel
                : pixels.AsSpan(a * pixelCount, pixelCount).SequenceCompareTo(pixels.AsSpan(b * pixelCount, pixelCount));
        });
        return order;
    }

    private static LabelledImages Gather(ReadOnlySpan<int> order, byte[] pixels, byte[] labels, ImageShape shape)
    {
        int size = shape.PixelCount;
        var gatheredPixels = GC.AllocateUninitializedArray<byte>(order.Length * size);
        var gatheredLabels = new byte[order.Length];
        for (int i = 0; i < order.Length; i++)
        {
            pixels.AsSpan(order[i] * size, size).CopyTo(gatheredPixels.AsSpan(i * size, size));
            gatheredLabels[i] = labels[order[i]];
        }

        return new LabelledImages(shape, gatheredPixels, gatheredLabels, order.Length);
    }

    /// <summary>A per-thread buffer files are read into, so decoding a folder does not allocate per image.</summary>
    private sealed class FileBuffer : IDisposable
    {
        private byte[] bytes = ArrayPool<byte>.Shared.Rent(1 << 16);

        public ReadOnlySpan<byte> Read(string path)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            var length = file.Length;
            if (length > int.MaxValue / 2)
            {
                throw new IOException($"The file is {length} bytes; images of more than 1 GiB are not read.");
            }

            if (length > bytes.Length)
            {
                ArrayPool<byte>.Shared.Return(bytes);
                bytes = ArrayPool<byte>.Shared.Rent((int)length);
            }

            int read = file.ReadAtLeast(bytes.AsSpan(0, (int)length), (int)length, throwOnEndOfStream: false);
            return bytes.AsSpan(0, read);
        }

        public void Dispose() => ArrayPool<byte>.Shared.Return(bytes);
    }
}
