using Mlops.ServiceDefaults;

namespace Mlops.Ingestion.Importing;

/// <summary>Images received by an upload, held until the stream ends; refuses to hold more than the configured limit.</summary>
public sealed class UploadedImages(long maxBytes)
{
    public const int MaxFileNameChars = 255;

    private readonly List<EncodedImage> images = [];

    public long TotalBytes { get; private set; }

    public IReadOnlyList<EncodedImage> Images => images;

    public void Add(string className, string fileName, bool isTest, ReadOnlyMemory<byte> content)
    {
        if (!IsPlainFileName(fileName))
        {
            throw DatasetImportException.Invalid(
                $"Uploaded image #{images.Count + 1} has file name '{EchoedInput.Of(fileName)}': give a plain name of at most {MaxFileNameChars} characters, without folders ('/', '\\', '..') or control characters.");
        }

        if (className.Length > MaxFileNameChars || className.Any(char.IsControl))
        {
            throw DatasetImportException.Invalid(
                $"Uploaded image #{images.Count + 1} has class name '{EchoedInput.Of(className)}': at most {MaxFileNameChars} characters, no control characters.");
        }

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

    /// <summary>A name only, so a stored name can never be read as a path: an empty name is allowed (the image has none).</summary>
    private static bool IsPlainFileName(string fileName) =>
        fileName.Length <= MaxFileNameChars && fileName is not ("." or "..") &&
        fileName.IndexOfAny(['/', '\\']) < 0 && !fileName.Any(char.IsControl);

    /// <summary>Class names in ordinal order of the training images' classes, for uploads whose header names none.</summary>
    public IReadOnlyList<string> ClassNamesFromImages() =>
        [.. images.Where(image => !image.IsTest).Select(image => image.ClassName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
