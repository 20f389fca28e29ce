namespace Mlops.LoadGenerator.Engine;

/// <summary>The outcome of one step invocation: ok or failed, a status label (e.g. a gRPC status code name) and the bytes moved.</summary>
public readonly record struct StepResult(bool IsOk, string Status, long BytesSent = 0, long BytesReceived = 0)
{
    public static StepResult Ok(string status = "OK", long bytesSent = 0, long bytesReceived = 0) =>
        new(true, status, bytesSent, bytesReceived);

    public static StepResult Fail(string status, long bytesSent = 0, long bytesReceived = 0) =>
        new(false, status, bytesSent, bytesReceived);
}
