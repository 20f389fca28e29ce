using System.Globalization;

namespace Mlops.Registry;

/// <summary>How users name a model version: `name` (latest), `name@alias` or `name/version`.</summary>
public sealed record ModelReference(string ModelName, string? Alias, int? Version)
{
    public static bool TryParse(string? text, out ModelReference reference)
    {
        reference = new ModelReference("", null, null);
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var at = text.IndexOf('@');
        if (at >= 0)
        {
            reference = new ModelReference(text[..at], text[(at + 1)..], null);
            return reference.ModelName.Length > 0 && reference.Alias!.Length > 0;
        }

        var slash = text.LastIndexOf('/');
        if (slash >= 0)
        {
            var parsed = int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var version);
            reference = new ModelReference(text[..slash], null, version);
            return parsed && version > 0 && slash > 0;
        }

        reference = new ModelReference(text, null, null);
        return true;
    }

    public override string ToString() =>
        Alias is not null ? $"{ModelName}@{Alias}" : Version is not null ? $"{ModelName}/{Version}" : ModelName;
}
