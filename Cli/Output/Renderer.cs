using Google.Protobuf;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Mlops.Cli.Output;

/// <summary>Writes a result either as readable tables or, with --json, as the message's JSON.</summary>
public sealed class Renderer(CliConsole console, bool json)
{
    public bool Json { get; } = json;

    public CliConsole Console { get; } = console;

    public void Show(IMessage message, Func<IRenderable> view)
    {
        if (Json)
        {
            Console.Out.WriteLine(ProtoJson.Format(message));
        }
        else
        {
            // Rows ends its content with a line break, which a bare Text does not.
            Console.Ansi.Write(new Rows(view()));
        }
    }

    /// <summary>Raw JSON built by the caller, for results that are not one message (e.g. predictions keyed by file).</summary>
    public void ShowJson(string json, Func<IRenderable> view)
    {
        if (Json)
        {
            Console.Out.WriteLine(json);
        }
        else
        {
            // Rows ends its content with a line break, which a bare Text does not.
            Console.Ansi.Write(new Rows(view()));
        }
    }

    /// <summary>A line for people only: suppressed under --json so stdout stays one JSON document.</summary>
    public void Note(string markup)
    {
        if (!Json)
        {
            Console.Ansi.MarkupLine(markup);
        }
    }

    public void Error(string text) => Console.Error.WriteLine(text);
}
