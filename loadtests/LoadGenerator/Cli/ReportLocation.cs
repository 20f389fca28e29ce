namespace Mlops.LoadGenerator.Cli;

/// <summary>Where reports go when --report-dir is not given: loadtests/reports/&lt;timestamp&gt;/ of the repository.</summary>
public static class ReportLocation
{
    public static string DefaultRoot(string startDirectory)
    {
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "loadtests")) && File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")))
            {
                return Path.Combine(dir.FullName, "loadtests", "reports");
            }
        }

        return Path.Combine(startDirectory, "reports");
    }

    public static string Timestamped(string root, DateTimeOffset startedAt) => Path.Combine(root, startedAt.UtcDateTime.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Replaces root/latest with copies of the given files, so a fixed path always holds the newest run.</summary>
    public static void MirrorToLatest(string root, IEnumerable<string> files)
    {
        var latest = Path.Combine(root, "latest");
        if (Directory.Exists(latest))
        {
            Directory.Delete(latest, recursive: true);
        }

        Directory.CreateDirectory(latest);
        foreach (var file in files)
        {
            File.Copy(file, Path.Combine(latest, Path.GetFileName(file)));
        }
    }
}
