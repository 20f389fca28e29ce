using Google.Protobuf;

namespace Mlops.Cli.Output;

/// <summary>Protobuf's canonical JSON mapping, with default values written so a script always finds every field.</summary>
public static class ProtoJson
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true).WithIndentation());

    public static string Format(IMessage message) => Formatter.Format(message);
}
