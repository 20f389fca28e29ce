using System.CommandLine;
using Grpc.Health.V1;
using Mlops.Cli.Connection;
using Mlops.Cli.Output;
using Mlops.Inference.V1;

namespace Mlops.Cli.Commands;

/// <summary>
/// `mlops status`: every service's gRPC health, Prometheus' readiness and what inference is serving; exit 1 when a core
/// service is not serving, or when an optional part (automation, Prometheus) answers but is not ready. An optional part
/// where nothing listens is shown as off.
/// </summary>
public static class StatusCommand
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    public static Command Create(CliConsole console)
    {
        var command = new Command("status", "Check each service's health and the inference serving status");
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var clients = context.Services;
            var checks = await Task.WhenAll([
                .. clients.Addresses.All.Select(service => CheckAsync(clients, service, optional: false, cancellationToken)),
                .. clients.Addresses.Optional.Select(service => CheckAsync(clients, service, optional: true, cancellationToken)),
                CheckPrometheusAsync(clients.Addresses.Prometheus, cancellationToken)]);
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
            return checks.All(check => check.Healthy || check.Off) ? ExitCodes.Ok : ExitCodes.ServiceError;
        });
        return command;
    }

    private static async Task<ServiceHealth> CheckAsync(ServiceClients clients, ServiceEndpoint service, bool optional, CancellationToken cancellationToken)
    {
        var address = service.Address.GetLeftPart(UriPartial.Authority);
        try
        {
            var response = await clients.Health(service).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow + Deadline, cancellationToken: cancellationToken);
            var serving = response.Status == HealthCheckResponse.Types.ServingStatus.Serving;
            return new ServiceHealth(service.Name, address, serving, Format.Words(response.Status), "");
        }
        catch (ServiceException error) when (optional && error.Unreachable)
        {
            return new ServiceHealth(service.Name, address, false, "off", $"nothing answers ({service.EnvironmentVariable} or {service.OptionName} if it runs elsewhere)", Off: true);
        }
        catch (ServiceException error)
        {
            return new ServiceHealth(service.Name, address, false, error.Unreachable ? "unreachable" : error.StatusCode.ToString(), error.Reason);
        }
    }

    /// <summary>Prometheus answers GET /-/ready with 200 once it has loaded its configuration and rules.</summary>
    private static async Task<ServiceHealth> CheckPrometheusAsync(Uri prometheus, CancellationToken cancellationToken)
    {
        const string Name = "prometheus";
        var address = prometheus.GetLeftPart(UriPartial.Authority);
        using var http = new HttpClient { Timeout = Deadline };
        try
        {
            using var response = await http.GetAsync(new Uri(prometheus, "/-/ready"), cancellationToken);
            return response.IsSuccessStatusCode
                ? new ServiceHealth(Name, address, true, "serving", "")
                : new ServiceHealth(Name, address, false, "not ready", $"HTTP {(int)response.StatusCode} from /-/ready");
        }
        catch (Exception error) when ((error is HttpRequestException or TaskCanceledException) && !cancellationToken.IsCancellationRequested)
        {
            return new ServiceHealth(Name, address, false, "off", "nothing answers (AppHost setting Prometheus:Enabled=true starts it)", Off: true);
        }
    }
}
