using Grpc.Core;

namespace Mlops.Frontend.Platform;

/// <summary>The answer of one call to a platform service: a value, or a message a person can act on.</summary>
public sealed record ServiceResult<T>(T? Value, string? Error)
{
    public bool Succeeded => Error is null;
}

public static class ServiceCall
{
    /// <summary>Runs a call and turns a failing gRPC status into a readable message naming the service.</summary>
    public static async Task<ServiceResult<T>> RunAsync<T>(string service, Func<Task<T>> call)
    {
        try
        {
            return new ServiceResult<T>(await call(), null);
        }
        catch (RpcException error)
        {
            return new ServiceResult<T>(default, Describe(service, error));
        }
    }

    public static string Describe(string service, RpcException error)
    {
        if (error.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded || error.Status.DebugException is HttpRequestException)
        {
            return $"The {service} service is not reachable: is the stack running (dotnet run --project AppHost)? ({error.Status.Detail})";
        }

        return string.IsNullOrWhiteSpace(error.Status.Detail) ? $"The {service} service answered {error.StatusCode}." : error.Status.Detail;
    }
}
