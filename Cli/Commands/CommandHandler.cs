using System.CommandLine;
using Grpc.Core;
using Mlops.Cli.Connection;
using Mlops.Cli.Output;

namespace Mlops.Cli.Commands;

/// <summary>Runs a handler and turns failures into exit codes: usage 2, service errors 1 with the gRPC status on stderr.</summary>
public static class CommandHandler
{
    public static void SetHandler(this Command command, CliConsole console, Func<CommandContext, CancellationToken, Task<int>> handler) =>
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, console, handler, cancellationToken));

    public static async Task<int> RunAsync(
        ParseResult parseResult, CliConsole console, Func<CommandContext, CancellationToken, Task<int>> handler, CancellationToken cancellationToken)
    {
        try
        {
            using var context = new CommandContext(parseResult, console, Environment.GetEnvironmentVariable);
            return await handler(context, cancellationToken);
        }
        catch (UsageException error)
        {
            await console.Error.WriteLineAsync($"error: {error.Message}");
            return ExitCodes.Usage;
        }
        catch (ServiceException error) when (error.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync("cancelled");
            return ExitCodes.ServiceError;
        }
        catch (ServiceException error)
        {
            await console.Error.WriteLineAsync($"error: {error.Message}");
            return ExitCodes.ServiceError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync("cancelled");
            return ExitCodes.ServiceError;
        }
        catch (IOException error)
        {
            await console.Error.WriteLineAsync($"error: {error.Message}");
            return ExitCodes.ServiceError;
        }
    }
}
