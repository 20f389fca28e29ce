namespace Mlops.Ingestion.Importing;

/// <summary>One PNG/JPEG waiting to be decoded: a file of a class folder, or the bytes of an uploaded image.</summary>
/// <param name="Name">How messages name the image (its path, or the uploaded file name).</param>
/// <param name="FilePath">The file to read, or null when <paramref name="Content"/> holds the bytes.</param>
public sealed record EncodedImage(string ClassName, string Name, bool IsTest, string? FilePath, ReadOnlyMemory<byte> Content)
{
    public static EncodedImage FromFile(string className, string path, bool isTest) => new(className, path, isTest, path, default);

    public static EncodedImage FromBytes(string className, string name, bool isTest, ReadOnlyMemory<byte> content) =>
        new(className, name, isTest, null, content);
}
