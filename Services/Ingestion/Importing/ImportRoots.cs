using Mlops.ServiceDefaults;
using Mlops.Storage;

namespace Mlops.Ingestion.Importing;

/// <summary>
/// The folders imports may read from. A path is judged by where it really leads: <c>..</c> is resolved
/// and every symbolic link on the way is followed, so neither can reach outside a root.
/// </summary>
public sealed class ImportRoots
{
    public const int MaxPathChars = 4096;

    public const string ImportsFolderName = "imports";
    private const int MaxLinkDepth = 40;

    private readonly List<string> roots;

    public ImportRoots(IEnumerable<string> roots)
    {
        this.roots = roots
            .Where(root => !string.IsNullOrWhiteSpace(root))
            .Select(root => RealPath(Path.GetFullPath(root)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    public IReadOnlyList<string> Roots => roots;

    /// <summary>
    /// The repository's samples/ folder (when the service runs from a checkout), Debian's /usr/share/datasets,
    /// and the data root's imports/ folder (created here), where users can drop files to import.
    /// </summary>
    public static IReadOnlyList<string> Defaults(DataRoot dataRoot)
    {
        var defaults = new List<string>();
        if (FindRepositorySamples() is { } samples)
        {
            defaults.Add(samples);
        }

        defaults.Add("/usr/share/datasets");
        defaults.Add(Directory.CreateDirectory(Path.Combine(dataRoot.Path, ImportsFolderName)).FullName);
        return defaults;
    }

    /// <summary>The real path of <paramref name="path"/>, which must exist and lie inside a root.</summary>
    /// <param name="what">What the path is, for messages ("the images file").</param>
    public string Resolve(string? path, string what)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw DatasetImportException.Invalid($"Give the path of {what}.");
        }

        if (path.Length > MaxPathChars || path.Any(char.IsControl))
        {
            throw DatasetImportException.Invalid(
                $"The path of {what} must be at most {MaxPathChars} characters without control characters (NUL, newline, ...); got '{EchoedInput.Of(path)}'.");
        }

        if (!Path.IsPathFullyQualified(path))
        {
            throw DatasetImportException.Invalid($"The path of {what} must be absolute; '{EchoedInput.Of(path)}' is relative.");
        }

        var full = Path.GetFullPath(path);
        var real = RealPath(full);
        if (!IsInside(real))
        {
            var how = real == full ? "" : $" (it leads to {real})";
            throw new DatasetImportException(ImportFailure.OutsideImportRoots,
                $"{path}{how} is outside the folders imports may read ({string.Join(", ", roots)}). " +
                "Copy the data into one of them, or add a folder to Ingestion:ImportRoots.");
        }

        if (!File.Exists(real) && !Directory.Exists(real))
        {
            throw new DatasetImportException(ImportFailure.NotFound, $"{what} does not exist: {path}.");
        }

        return real;
    }

    /// <summary>Throws unless an entry found inside an already resolved folder (a file, a class folder) stays inside the roots.</summary>
    public void CheckEntry(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null && !IsInside(RealPath(path)))
        {
            throw new DatasetImportException(ImportFailure.OutsideImportRoots,
                $"{path} is a symbolic link to {RealPath(path)}, outside the folders imports may read.");
        }
    }

    private bool IsInside(string realPath) =>
        roots.Any(root => realPath == root ||
                          realPath.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal));

    /// <summary>Follows every symbolic link in <paramref name="fullPath"/> (missing parts are kept as they are).</summary>
    internal static string RealPath(string fullPath, int depth = 0)
    {
        if (depth > MaxLinkDepth)
        {
            throw DatasetImportException.Invalid($"Too many symbolic links while resolving {fullPath}.");
        }

        var root = Path.GetPathRoot(fullPath) ?? Path.DirectorySeparatorChar.ToString();
        var current = root;
        foreach (var segment in fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, segment);
            if (new FileInfo(next).LinkTarget is { } target)
            {
                next = RealPath(Path.GetFullPath(target, current), depth + 1);
            }

            current = next;
        }

        return current;
    }

    private static string? FindRepositorySamples()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var samples = Path.Combine(folder.FullName, "samples");
                if (Directory.Exists(Path.Combine(samples, "fashion-mnist")))
                {
                    return samples;
                }
            }
        }

        return null;
    }
}
