using System.Net.Http;
using System.Net.Sockets;
using Grpc.Core;

namespace Mlops.Cli.Connection;

/// <summary>A gRPC call that failed, with the service it went to; unreachable services are told apart from refusals.</summary>
public sealed class ServiceException(ServiceEndpoint service, RpcException error)
    : Exception(Describe(service, error), error)
{
    public ServiceEndpoint Service { get; } = service;

    public StatusCode StatusCode { get; } = error.StatusCode;

    /// <summary>The service's own message (the status detail).</summary>
    public string Detail { get; } = error.Status.Detail;

    /// <summary>Why the call failed, in one line: the connection error when unreachable, else the service's message.</summary>
    public string Reason { get; } = IsConnectionFailure(error) ? error.Status.DebugException!.Message : error.Status.Detail;

    /// <summary>True when nothing answered at the address (connection refused, no route), as opposed to a service saying Unavailable.</summary>
    public bool Unreachable { get; } = IsConnectionFailure(error);

    private static bool IsConnectionFailure(RpcException error) =>
        error.StatusCode == StatusCode.Unavailable &&
        error.Status.DebugException is HttpRequestException or SocketException;

    private static string Describe(ServiceEndpoint service, RpcException error) =>
        IsConnectionFailure(error)
            ? $"cannot reach the {service.Name} service at {service.Address}: {error.Status.DebugException?.Message ?? error.Status.Detail}. " +
              $"Is the stack running (dotnet run --project AppHost)? Give another address with {service.OptionName} or {service.EnvironmentVariable}."
            : $"{service.Name}: {error.StatusCode}: {error.Status.Detail}";
}
