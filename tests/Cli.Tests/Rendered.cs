using Mlops.Cli.Output;
using Spectre.Console.Rendering;

namespace Mlops.Cli.Tests;

/// <summary>What a renderable looks like in a plain 200-column terminal.</summary>
public static class Rendered
{
    public static string Text(IRenderable renderable)
    {
        var output = new StringWriter();
        CliConsole.Plain(output, TextWriter.Null, width: 200).Ansi.Write(renderable);
        return output.ToString();
    }

    /// <summary>The table row (line) that contains the given text.</summary>
    public static string Line(string text, string containing) =>
        text.Split('\n').FirstOrDefault(line => line.Contains(containing, StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"no line contains '{containing}' in:\n{text}");
}
