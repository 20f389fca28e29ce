namespace Mlops.Cli.Connection;

/// <summary>One service's gRPC address and where it came from, so an error can say which address failed and how to change it.</summary>
public sealed record ServiceEndpoint(string Name, Uri Address, string OptionName, string EnvironmentVariable)
{
    public override string ToString() => $"{Name} at {Address.GetLeftPart(UriPartial.Authority)}";
}
