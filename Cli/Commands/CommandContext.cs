using System.CommandLine;
using Mlops.Cli.Connection;
using Mlops.Cli.Output;

namespace Mlops.Cli.Commands;

/// <summary>What a handler works with: its parsed arguments, the service clients and the renderer.</summary>
public sealed class CommandContext : IDisposable
{
    private readonly Lazy<ServiceClients> clients;

    public CommandContext(ParseResult parseResult, CliConsole console, Func<string, string?> environment)
    {
        ParseResult = parseResult;
        Output = new Renderer(console, parseResult.GetValue(GlobalOptions.Json));
        clients = new Lazy<ServiceClients>(() => new ServiceClients(ServiceAddresses.Resolve(
            GlobalOptions.Addresses.ToDictionary(option => option.Key, option => parseResult.GetValue(option.Value)), environment),
            parseResult.GetValue(GlobalOptions.ApiKey) is { Length: > 0 } key ? key : environment("MLOPS_API_KEY")));
    }

    public ParseResult ParseResult { get; }

    public Renderer Output { get; }

    public ServiceClients Services => clients.Value;

    public T? Get<T>(Option<T> option) => ParseResult.GetValue(option);

    public T? Get<T>(Argument<T> argument) => ParseResult.GetValue(argument);

    /// <summary>Who is asking, for the actor fields of alias changes and acknowledgements.</summary>
    public static string Actor => Environment.UserName;

    public void Dispose()
    {
        if (clients.IsValueCreated)
        {
            clients.Value.Dispose();
        }
    }
}
