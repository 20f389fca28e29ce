using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Mlops.ServiceDefaults;

/// <summary>How one service's own exceptions become gRPC statuses; <see cref="GrpcErrorInterceptor"/> asks every registered map.</summary>
public interface IExceptionStatusMap
{
    /// <summary>The status for <paramref name="error"/>, or null when this map does not know it.</summary>
    Status? Map(Exception error);
}

/// <summary>Told of every call that ends in an error status (e.g. to count it).</summary>
public interface IFailedCallObserver
{
    void Failed(string method, StatusCode code);
}

public static class ExceptionStatusMapExtensions
{
    private sealed class DelegateMap(Func<Exception, Status?> map) : IExceptionStatusMap
    {
        public Status? Map(Exception error) => map(error);
    }

    /// <summary>Adds a service's exception → status mapping to the shared error interceptor.</summary>
    public static IServiceCollection AddExceptionStatusMap(this IServiceCollection services, Func<Exception, Status?> map) =>
        services.AddSingleton<IExceptionStatusMap>(new DelegateMap(map));
}
