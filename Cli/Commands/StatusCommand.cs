using System.CommandLine;
using Grpc.Health.V1;
using Mlops.Cli.Connection;
using Mlops.Cli.Output;
using Mlops.Inference.V1;

namespace Mlops.Cli.Commands;

/// <summary>`mlops status`: every service's gRPC health and what inference is serving; exit 1 when any service is not serving.</summary>
public static class StatusCommand
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    public static Command Create(CliConsole console)
    {
        var command = new Command("status", "Check each service's health and the inference serving status");
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var clients = context.Services;
            var checks = await Task.WhenAll(clients.Addresses.All.Select(service => CheckAsync(clients, service, cancellationToken)));
            ServingStatus? serving = null;
            if (checks.Single(check => check.Name == clients.Addresses.Inference.Name).Healthy)
            {
                try
                {
                    serving = await clients.Inference.GetServingStatusAsync(new GetServingStatusRequest(), deadline: DateTime.UtcNow + Deadline, cancellationToken: cancellationToken);
                }
                catch (ServiceException error)
                {
                    serving = new ServingStatus { Ready = false, Message = $"{error.StatusCode}: {error.Detail}" };
                }
            }

            context.Output.ShowJson(StatusViews.Json(checks, serving), () => StatusViews.Show(checks, serving));
            return checks.All(check => check.Healthy) ? ExitCodes.Ok : ExitCodes.ServiceError;
        });
        return command;
    }

    private static async Task<ServiceHealth> CheckAsync(ServiceClients clients, ServiceEndpoint service, CancellationToken cancellationToken)
    {
        var address = service.Address.GetLeftPart(UriPartial.Authority);
        try
        {
            var response = await clients.Health(service).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow + Deadline, cancellationToken: cancellationToken);
            var serving = response.Status == HealthCheckResponse.Types.ServingStatus.Serving;
            return new ServiceHealth(service.Name, address, serving, Format.Words(response.Status), "");
        }
        catch (ServiceException error)
        {
            return new ServiceHealth(service.Name, address, false, error.Unreachable ? "unreachable" : error.StatusCode.ToString(), error.Reason);
        }
    }
}
