namespace Mlops.Frontend.Platform;

/// <summary>The Jobs page's submit form: a config name and key=value overrides, one per line or separated by spaces.</summary>
public sealed class JobSubmission
{
    public string ConfigName { get; set; } = "quick";

    public string OverridesText { get; set; } = "";

    public string ModelName { get; set; } = "";

    public string Experiment { get; set; } = "";

    public IReadOnlyList<string> Overrides =>
        OverridesText.Split((char[])['\n', '\r', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>The problems in training's answer to a config that is not valid, one per line, so the page can list all of them.</summary>
public static class ConfigProblems
{
    private const string ItemMarker = "\n- ";

    public static IReadOnlyList<string> Split(string detail)
    {
        var start = detail.IndexOf(ItemMarker, StringComparison.Ordinal);
        return start < 0
            ? [detail]
            : detail[(start + ItemMarker.Length)..].Split(ItemMarker, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
