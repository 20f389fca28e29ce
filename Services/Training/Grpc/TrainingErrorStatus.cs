using Grpc.Core;
using Mlops.Training.Configs;
using Mlops.Training.Jobs;
using Mlops.Training.Sweeps;

namespace Mlops.Training.Grpc;

/// <summary>The domain's refusals as gRPC statuses a person can act on, fed to the shared error interceptor.</summary>
public static class TrainingErrorStatus
{
    public static Status? Map(Exception e) => e switch
    {
        ConfigException config => new Status(StatusCode.InvalidArgument,
            $"The config is not valid ({config.Problems.Count} problem(s)):\n- {string.Join("\n- ", config.Problems)}"),
        SweepSpaceException sweep => new Status(StatusCode.InvalidArgument, sweep.Message),
        CheckpointNotFoundException checkpoint => new Status(StatusCode.NotFound, checkpoint.Message),
        DatasetNotFoundException dataset => new Status(StatusCode.NotFound, dataset.Message + " Import it first (ImportDataset) or fix data.dataset."),
        RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded } rpc =>
            new Status(StatusCode.Unavailable, $"A service training depends on is not reachable: {rpc.Status.Detail}"),
        _ => null,
    };
}
