using Spectre.Console;

namespace Mlops.Cli.Output;

/// <summary>
/// Where a command writes: tables and progress go through <see cref="Ansi"/>, JSON straight to <see cref="Out"/>
/// (Spectre would wrap long lines), errors to <see cref="Error"/>.
/// </summary>
public sealed class CliConsole(TextWriter output, TextWriter error, IAnsiConsole ansi, bool interactive)
{
    private const int PipeWidth = 250;

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public IAnsiConsole Ansi { get; } = ansi;

    /// <summary>Whether live progress bars make sense: a terminal, not a pipe or a test.</summary>
    public bool Interactive { get; } = interactive;

    public static CliConsole System()
    {
        var interactive = !Console.IsOutputRedirected;
        var ansi = AnsiConsole.Console;
        if (!interactive)
        {
            // A pipe has no width; Spectre would assume 80 columns and wrap ids and names mid-word.
            ansi.Profile.Width = PipeWidth;
        }

        return new CliConsole(Console.Out, Console.Error, ansi, interactive);
    }

    /// <summary>A console writing plain text (no colours, no animation) to the given writers, as a pipe would see it.</summary>
    public static CliConsole Plain(TextWriter output, TextWriter error, int width = 160)
    {
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        ansi.Profile.Width = width;
        return new CliConsole(output, error, ansi, interactive: false);
    }
}
