using Grpc.Core;
using Grpc.Net.Client;
using Mlops.LoadGenerator.Engine;

namespace Mlops.LoadGenerator.Scenarios;

/// <summary>
/// The plumbing every gRPC scenario shares: one channel opened in init and disposed in clean, and
/// an RpcException turned into a failed step labelled with its status code name.
/// </summary>
public static class GrpcScenario
{
    public static Scenario Create<TClient>(
        string name,
        Func<GrpcChannel, TClient> createClient,
        Func<TClient, ScenarioContext, CancellationToken, Task<StepResult>> call)
        where TClient : class
    {
        GrpcChannel? channel = null;
        TClient? client = null;
        return new Scenario(name, async (context, cancellationToken) =>
        {
            try
            {
                return await call(client!, context, cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
            {
                return StepResult.Fail(e.StatusCode.ToString());
            }
        })
        {
            Init = (context, _) =>
            {
                channel = GrpcChannel.ForAddress(context.Target, new GrpcChannelOptions
                {
                    HttpHandler = new SocketsHttpHandler
                    {
                        // One HTTP/2 connection caps concurrent streams at the server's limit (100 by default).
                        EnableMultipleHttp2Connections = true,
                        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                    },
                });
                client = createClient(channel);
                return Task.CompletedTask;
            },
            Clean = _ =>
            {
                channel?.Dispose();
                return Task.CompletedTask;
            },
        };
    }

    public static string Ok => StatusCode.OK.ToString();
}
