namespace Mlops.Training.Configs;

/// <summary>
/// The commit checked out in the git repository that holds a folder, read from the .git files themselves
/// (HEAD, loose refs, packed-refs; a worktree's .git file and commondir) so no git binary is needed.
/// </summary>
public static class GitRepository
{
    /// <summary>The 40-hex commit of HEAD of the repository holding <paramref name="folder"/>, or null when there is none.</summary>
    public static string? HeadCommit(string folder)
    {
        try
        {
            return GitDirectory(folder) is { } gitDir ? Resolve(gitDir, "HEAD", depth: 0) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? GitDirectory(string folder)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(folder)); dir is not null; dir = dir.Parent)
        {
            var dotGit = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(dotGit))
            {
                return dotGit;
            }

            if (File.Exists(dotGit))
            {
                // A worktree or submodule: "gitdir: <path>", relative to the folder holding the file.
                var line = File.ReadAllText(dotGit).Trim();
                return line.StartsWith("gitdir:", StringComparison.Ordinal)
                    ? Path.GetFullPath(Path.Combine(dir.FullName, line["gitdir:".Length..].Trim()))
                    : null;
            }
        }
        return null;
    }

    private static string? Resolve(string gitDir, string reference, int depth)
    {
        if (depth > 5)
        {
            return null;
        }

        var value = ReadReference(gitDir, reference);
        if (value is null)
        {
            return null;
        }

        if (value.StartsWith("ref:", StringComparison.Ordinal))
        {
            return Resolve(gitDir, value["ref:".Length..].Trim(), depth + 1);
        }

        return value.Length == 40 && value.All(char.IsAsciiHexDigit) ? value.ToLowerInvariant() : null;
    }

    private static string? ReadReference(string gitDir, string reference)
    {
        foreach (var dir in new[] { gitDir, CommonDirectory(gitDir) }.Distinct())
        {
            var loose = Path.Combine(dir, reference);
            if (File.Exists(loose))
            {
                return File.ReadAllText(loose).Trim();
            }
        }
        var packed = Path.Combine(CommonDirectory(gitDir), "packed-refs");
        if (!File.Exists(packed))
        {
            return null;
        }

        foreach (var line in File.ReadLines(packed))
        {
            var parts = line.Split(' ', 2);
            if (parts.Length == 2 && parts[1] == reference)
            {
                return parts[0];
            }
        }
        return null;
    }

    /// <summary>A worktree's git folder keeps HEAD; branches live in the main repository's, named by "commondir".</summary>
    private static string CommonDirectory(string gitDir)
    {
        var file = Path.Combine(gitDir, "commondir");
        return File.Exists(file) ? Path.GetFullPath(Path.Combine(gitDir, File.ReadAllText(file).Trim())) : gitDir;
    }
}
