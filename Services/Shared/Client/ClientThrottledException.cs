using Grpc.Core;

namespace Mlops.Client;

/// <summary>
/// RESOURCE_EXHAUSTED raised by the client itself: the request was never sent because the service has been refusing
/// more than it accepts. Callers that treat the service's own RESOURCE_EXHAUSTED as "retry later" need nothing new.
/// </summary>
public sealed class ClientThrottledException(string detail) : RpcException(new Status(StatusCode.ResourceExhausted, detail));
