using Mlops.Imaging;
using Mlops.Ingestion.Model;

namespace Mlops.Ingestion.Importing;

/// <summary>
/// Reads a folder with one sub-folder per class (class name = sub-folder name) of PNG/JPEG files, and
/// optionally a test folder of the same layout. Hidden entries and files of other types are skipped;
/// class names are the sub-folder names in ordinal order unless the request gives them.
/// </summary>
public sealed class ClassFolderReader(ImportRoots roots)
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg"];

    public SourceDataset Read(string folder, string? testFolder, IReadOnlyList<string> classNames, ImageShape shape)
    {
        var trainRoot = ResolveFolder(folder, "the image folder");
        var trainClasses = Scan(trainRoot);
        var names = classNames.Count > 0 ? classNames : [.. trainClasses.Keys.Order(StringComparer.Ordinal)];
        DatasetNames.ValidateClassNames(names);
        var missing = names.FirstOrDefault(name => !trainClasses.ContainsKey(name));
        if (missing is not null)
        {
            throw DatasetImportException.Invalid($"{trainRoot} has no sub-folder for class '{missing}'.");
        }

        var images = new List<EncodedImage>();
        AddImages(images, trainClasses, names, trainRoot, isTest: false);
        var source = $"folder:{trainRoot}";
        if (!string.IsNullOrWhiteSpace(testFolder))
        {
            var testRoot = ResolveFolder(testFolder, "the test image folder");
            AddImages(images, Scan(testRoot), names, testRoot, isTest: true);
            source += $" test:{testRoot}";
        }

        return EncodedImageDecoder.Decode(images, names, shape, source);
    }

    private string ResolveFolder(string path, string what)
    {
        var real = roots.Resolve(path, what);
        if (!Directory.Exists(real))
        {
            throw DatasetImportException.Invalid($"{path} is a file; {what} must be a folder with one sub-folder of images per class.");
        }

        return real;
    }

    private static void AddImages(List<EncodedImage> images, Dictionary<string, List<string>> classes, IReadOnlyList<string> names, string root, bool isTest)
    {
        foreach (var (className, files) in classes)
        {
            if (!names.Contains(className))
            {
                throw DatasetImportException.Invalid(
                    $"{Path.Combine(root, className)} is not one of the class names ({string.Join(", ", names)}); remove it or name the class.");
            }

            images.AddRange(files.Select(file => EncodedImage.FromFile(className, file, isTest)));
        }
    }

    private Dictionary<string, List<string>> Scan(string root)
    {
        var classes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var classFolder in Directory.EnumerateDirectories(root).Where(IsVisible))
        {
            roots.CheckEntry(classFolder);
            var files = Directory.EnumerateFiles(classFolder)
                .Where(file => IsVisible(file) && ImageExtensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
                .ToList();
            if (files.Count == 0)
            {
                throw DatasetImportException.Invalid(
                    $"Class folder {classFolder} holds no PNG or JPEG images; add images or remove the folder.");
            }

            files.ForEach(roots.CheckEntry);
            classes[Path.GetFileName(classFolder)] = files;
        }

        if (classes.Count == 0)
        {
            throw DatasetImportException.Invalid($"{root} holds no class sub-folders; put each class's images in a sub-folder named after the class.");
        }

        return classes;
    }

    private static bool IsVisible(string path) => !Path.GetFileName(path).StartsWith('.');
}
