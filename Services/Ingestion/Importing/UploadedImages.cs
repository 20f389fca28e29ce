namespace Mlops.Ingestion.Importing;

/// <summary>Images received by an upload, held until the stream ends; refuses to hold more than the configured limit.</summary>
public sealed class UploadedImages(long maxBytes)
{
    private readonly List<EncodedImage> images = [];

    public long TotalBytes { get; private set; }

    public IReadOnlyList<EncodedImage> Images => images;

    public void Add(string className, string fileName, bool isTest, ReadOnlyMemory<byte> content)
    {
        var name = $"upload {className}/{fileName}";
        if (string.IsNullOrWhiteSpace(className))
        {
            throw DatasetImportException.Invalid($"Uploaded image #{images.Count + 1} ({fileName}) has no class name.");
        }

        TotalBytes += content.Length;
        if (TotalBytes > maxBytes)
        {
            throw new DatasetImportException(ImportFailure.TooLarge,
                $"The upload is larger than the limit of {maxBytes} bytes (Ingestion:MaxUploadBytes) at image #{images.Count + 1} ({name}); " +
                "split the data into smaller uploads or import it from a folder.");
        }

        images.Add(EncodedImage.FromBytes(className, name, isTest, content));
    }

    /// <summary>Class names in ordinal order of the training images' classes, for uploads whose header names none.</summary>
    public IReadOnlyList<string> ClassNamesFromImages() =>
        [.. images.Where(image => !image.IsTest).Select(image => image.ClassName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
