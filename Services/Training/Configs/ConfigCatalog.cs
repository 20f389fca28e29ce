namespace Mlops.Training.Configs;

/// <summary>
/// The training configs on disk: `name.yaml` files at the top, and config groups as sub-folders whose
/// files are the group's choices (e.g. `model/small.yaml`, chosen with `model=small`).
/// </summary>
public sealed class ConfigCatalog(string root)
{
    public const string ConfigurationKey = "Training:ConfigRoot";
    public const string FolderName = "configs";

    public string Root { get; } = root;

    public IReadOnlyList<string> ConfigNames() =>
        Directory.Exists(Root)
            ? Directory.EnumerateFiles(Root, "*.yaml").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order().ToList()
            : [];

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Groups() =>
        Directory.Exists(Root)
            ? Directory.EnumerateDirectories(Root).Order().ToDictionary(
                group => Path.GetFileName(group),
                group => (IReadOnlyList<string>)Directory.EnumerateFiles(group, "*.yaml")
                    .Select(Path.GetFileNameWithoutExtension).OfType<string>().Order().ToList())
            : new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The text of configs/&lt;name&gt;.yaml, or null when there is none.</summary>
    public string? ReadConfig(string name) => ReadFile(Root, name);

    /// <summary>The text of configs/&lt;group&gt;/&lt;choice&gt;.yaml, or null when there is none.</summary>
    public string? ReadGroupChoice(string group, string choice) =>
        IsPlainName(group) ? ReadFile(Path.Combine(Root, group), choice) : null;

    private static string? ReadFile(string folder, string name)
    {
        // Names are file names, never paths: "../secrets" must not reach outside the catalog.
        if (!IsPlainName(name))
        {
            return null;
        }

        var path = Path.Combine(folder, name + ".yaml");
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    private static bool IsPlainName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') && !name.StartsWith('.');

    /// <summary>The configured folder, else the nearest `configs/` folder above the working directory or the app.</summary>
    public static string Locate(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, FolderName);
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return Path.Combine(AppContext.BaseDirectory, FolderName);
    }
}
