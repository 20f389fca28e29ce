using System.Globalization;
using Mlops.Imaging;
using Mlops.Ingestion.Model;

namespace Mlops.Ingestion.Importing;

/// <summary>
/// Reads IDX image/label pairs (gzipped or not) into a <see cref="SourceDataset"/>, keeping the files'
/// order. An explicit test pair becomes the test split as it is.
/// </summary>
public sealed class IdxDatasetReader(ImportRoots roots)
{
    public SourceDataset Read(IdxImportPaths paths, IReadOnlyList<string> classNames, ImageShape? shape)
    {
        var images = roots.Resolve(paths.ImagesPath, "the IDX images file");
        var labels = roots.Resolve(paths.LabelsPath, "the IDX labels file");
        string? testImages = null, testLabels = null;
        if (paths.HasTestSplit)
        {
            testImages = roots.Resolve(paths.TestImagesPath, "the IDX test images file (a test pair needs both files)");
            testLabels = roots.Resolve(paths.TestLabelsPath, "the IDX test labels file (a test pair needs both files)");
        }

        IdxImages? trainImages = null, testImageSet = null;
        byte[]? trainLabels = null, testLabelSet = null;
        try
        {
            // Inflating the files is most of the cost; the four are independent.
            Parallel.Invoke(
                () => trainImages = IdxReader.ReadImages(images),
                () => trainLabels = IdxReader.ReadLabels(labels),
                () => testImageSet = testImages is null ? null : IdxReader.ReadImages(testImages),
                () => testLabelSet = testLabels is null ? null : IdxReader.ReadLabels(testLabels));
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault(inner => inner is InvalidImageDataException or IOException) is { } first)
        {
            throw DatasetImportException.Invalid(first.Message, first);
        }

        var imageShape = trainImages!.Shape;
        if (shape is { } requested && requested != imageShape)
        {
            throw DatasetImportException.Invalid(
                $"The IDX images are {imageShape}, but the request asks for {requested}; IDX imports keep the files' shape (leave the shape unset).");
        }

        var names = classNames.Count > 0 ? classNames : DefaultClassNames(trainLabels!, testLabelSet);
        DatasetNames.ValidateClassNames(names);
        var train = Pair(trainImages, trainLabels!, images, labels, names.Count);
        LabelledImages? test = null;
        if (testImageSet is not null)
        {
            if (testImageSet.Shape != imageShape)
            {
                throw DatasetImportException.Invalid($"The test images are {testImageSet.Shape} but the training images are {imageShape}; both must have one shape.");
            }

            test = Pair(testImageSet, testLabelSet!, testImages!, testLabels!, names.Count);
        }

        var source = test is null ? $"idx:{images}" : $"idx:{images} test:{testImages}";
        return new SourceDataset(imageShape, names, train, test, source);
    }

    private static LabelledImages Pair(IdxImages images, byte[] labels, string imagesPath, string labelsPath, int classCount)
    {
        if (images.Count != labels.Length)
        {
            throw DatasetImportException.Invalid(
                $"{imagesPath} holds {images.Count} images but {labelsPath} holds {labels.Length} labels; an IDX pair needs one label per image.");
        }

        var outOfRange = labels.AsSpan().IndexOfAnyInRange((byte)classCount, byte.MaxValue);
        if (classCount <= byte.MaxValue && outOfRange >= 0)
        {
            throw DatasetImportException.Invalid(
                $"Label {labels[outOfRange]} of image {outOfRange} in {labelsPath} is outside the {classCount} classes (labels 0 to {classCount - 1}); give every class a name.");
        }

        return new LabelledImages(images.Shape, images.Pixels, labels, images.Count);
    }

    private static string[] DefaultClassNames(byte[] train, byte[]? test)
    {
        int max = train.Length == 0 ? 0 : train.Max();
        if (test is { Length: > 0 })
        {
            max = Math.Max(max, test.Max());
        }

        return [.. Enumerable.Range(0, max + 1).Select(label => label.ToString(CultureInfo.InvariantCulture))];
    }
}
