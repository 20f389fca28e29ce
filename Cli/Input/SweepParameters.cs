using Mlops.Training.V1;

namespace Mlops.Cli.Input;

/// <summary>Reads one --param with the shared <see cref="SweepParameterText"/> rule; a malformed one is a usage error.</summary>
public static class SweepParameters
{
    public static SweepParameter Parse(string text)
    {
        try
        {
            return SweepParameterText.Parse(text);
        }
        catch (FormatException error)
        {
            throw new UsageException($"--param '{text}': {error.Message}");
        }
    }
}
