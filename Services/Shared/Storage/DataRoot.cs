namespace Mlops.Storage;

/// <summary>The one folder under which every service keeps its files, each in a sub-folder of its own.</summary>
public sealed class DataRoot
{
    public const string ConfigurationKey = "DataRoot";
    public const string DefaultFolderName = ".data";

    public DataRoot(string? path)
    {
        Path = System.IO.Path.GetFullPath(string.IsNullOrWhiteSpace(path)
            ? System.IO.Path.Combine(Environment.CurrentDirectory, DefaultFolderName)
            : path);
    }

    public string Path { get; }

    /// <summary>The folder a service owns, created when missing.</summary>
    public string ServiceFolder(string service) =>
        Directory.CreateDirectory(System.IO.Path.Combine(Path, service)).FullName;
}
