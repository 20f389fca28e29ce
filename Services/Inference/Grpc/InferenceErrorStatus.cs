using Grpc.Core;
using Mlops.Imaging;
using Mlops.Inference.Preprocessing;
using Mlops.Inference.Serving;
using Mlops.Inference.Telemetry;
using Mlops.ServiceDefaults;

namespace Mlops.Inference.Grpc;

/// <summary>Inference's refusals as gRPC statuses, fed to the shared error interceptor.</summary>
public static class InferenceErrorStatus
{
    public static Status? Map(Exception error) => error switch
    {
        InvalidImageDataException or InvalidInputException => new Status(StatusCode.InvalidArgument, error.Message),
        ModelNotFoundException => new Status(StatusCode.NotFound, error.Message),
        ModelNotReadyException => new Status(StatusCode.Unavailable, error.Message),
        _ => null,
    };
}

/// <summary>Counts every failed call by API and status.</summary>
public sealed class FailedCallCounter(InferenceMetrics metrics) : IFailedCallObserver
{
    public void Failed(string method, StatusCode code) => metrics.Error(method[(method.LastIndexOf('/') + 1)..], code.ToString());
}
