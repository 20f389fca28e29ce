namespace Mlops.Cli.Input;

/// <summary>A local folder with one sub-folder per class of PNG/JPEG files, as `data import --upload` sends it.</summary>
public sealed record ClassFolder(IReadOnlyList<string> ClassNames, IReadOnlyList<ClassFolder.Image> Images)
{
    public sealed record Image(string ClassName, string Path);

    /// <summary>Reads the layout in ordinal order of class and file names, so the same folder always uploads the same way.</summary>
    public static ClassFolder Read(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new UsageException($"folder '{folder}' does not exist.");
        }

        var classes = Directory.GetDirectories(folder).Order(StringComparer.Ordinal).ToList();
        if (classes.Count == 0)
        {
            throw new UsageException($"folder '{folder}' has no class sub-folders (expected <folder>/<class>/<image>.png).");
        }

        var images = new List<Image>();
        foreach (var classFolder in classes)
        {
            var className = Path.GetFileName(classFolder);
            images.AddRange(Directory.EnumerateFiles(classFolder)
                .Where(ImageFiles.IsImageName)
                .Order(StringComparer.Ordinal)
                .Select(path => new Image(className, path)));
        }

        if (images.Count == 0)
        {
            throw new UsageException($"folder '{folder}' has no PNG or JPEG files in its class sub-folders.");
        }

        return new ClassFolder(classes.Select(Path.GetFileName).ToList()!, images);
    }
}
