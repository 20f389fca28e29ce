using Grpc.Core;
using Grpc.Core.Interceptors;
using Mlops.Training.Configs;
using Mlops.Training.Jobs;
using Mlops.Training.Sweeps;

namespace Mlops.Training.Grpc;

/// <summary>Turns the domain's refusals into gRPC statuses a person can act on.</summary>
public sealed class TrainingErrorInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (Map(e) is { } status)
        {
            throw new RpcException(status);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (Map(e) is { } status)
        {
            throw new RpcException(status);
        }
    }

    public static Status? Map(Exception e) => e switch
    {
        ConfigException config => new Status(StatusCode.InvalidArgument,
            $"The config is not valid ({config.Problems.Count} problem(s)):\n- {string.Join("\n- ", config.Problems)}"),
        SweepSpaceException sweep => new Status(StatusCode.InvalidArgument, sweep.Message),
        DatasetNotFoundException dataset => new Status(StatusCode.NotFound, dataset.Message + " Import it first (ImportDataset) or fix data.dataset."),
        RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded } rpc =>
            new Status(StatusCode.Unavailable, $"A service training depends on is not reachable: {rpc.Status.Detail}"),
        _ => null,
    };
}
