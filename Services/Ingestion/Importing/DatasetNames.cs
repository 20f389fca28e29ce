using System.Text.RegularExpressions;

namespace Mlops.Ingestion.Importing;

/// <summary>What a dataset name or a version tag may look like, so both stay safe in references like <c>name@tag</c>.</summary>
public static partial class DatasetNames
{
    public const string LatestTag = "latest";
    public const int MaxClasses = 256;

    public static void ValidateName(string? name)
    {
        if (string.IsNullOrEmpty(name) || !NamePattern().IsMatch(name))
        {
            throw DatasetImportException.Invalid(
                $"'{name}' is not a valid dataset name: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit (e.g. fashion-mnist).");
        }
    }

    public static void ValidateTag(string? tag)
    {
        if (string.IsNullOrEmpty(tag) || !NamePattern().IsMatch(tag))
        {
            throw DatasetImportException.Invalid(
                $"'{tag}' is not a valid tag: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit (e.g. v1, baseline).");
        }

        if (tag == LatestTag)
        {
            throw DatasetImportException.Invalid("'latest' always means the newest version and cannot be set as a tag.");
        }
    }

    /// <summary>Class names in label order: 1-256 of them (labels are bytes), distinct and not blank.</summary>
    public static void ValidateClassNames(IReadOnlyList<string> classNames)
    {
        if (classNames.Count is 0 or > MaxClasses)
        {
            throw DatasetImportException.Invalid($"A dataset has 1 to {MaxClasses} classes; {classNames.Count} class names were given.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in classNames)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsControl))
            {
                throw DatasetImportException.Invalid($"Class name '{name}' is blank or holds control characters.");
            }

            if (!seen.Add(name))
            {
                throw DatasetImportException.Invalid($"Class name '{name}' is given twice; each class needs its own name.");
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();
}
