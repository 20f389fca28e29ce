using System.Text.RegularExpressions;

namespace Mlops.Registry.Models;

/// <summary>Model and alias names: letters, digits, '.', '_' and '-', so that `name@alias` and `name/version` stay unambiguous.</summary>
public static partial class ModelName
{
    public static string Validate(string value, string what)
    {
        if (string.IsNullOrWhiteSpace(value) || !Syntax().IsMatch(value))
        {
            throw RegistryException.InvalidArgument(
                $"{what} '{value}' is not valid: use letters, digits, '.', '_' and '-' (starting with a letter or digit, at most 128 characters).");
        }

        return value;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex Syntax();
}
