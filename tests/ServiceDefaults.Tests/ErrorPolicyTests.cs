using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mlops.ServiceDefaults.Tests;

public sealed class ErrorPolicyTests
{
    private sealed class RefusedException(string message) : Exception(message);

    private static GrpcErrorInterceptor Interceptor(params IExceptionStatusMap[] maps) =>
        new(maps, [], NullLogger<GrpcErrorInterceptor>.Instance);

    private sealed class RefusalMap : IExceptionStatusMap
    {
        public Status? Map(Exception error) => error is RefusedException ? new Status(StatusCode.FailedPrecondition, error.Message) : null;
    }

    [Fact]
    public void An_unexpected_exception_is_internal_with_a_message_never_unknown()
    {
        var status = Interceptor().ToStatus(new NullReferenceException("secret internals"), CancellationToken.None);

        Assert.Equal(StatusCode.Internal, status.StatusCode);
        Assert.Contains("failed unexpectedly", status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("secret internals", status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_map_decides_the_status_of_its_own_exceptions()
    {
        var status = Interceptor(new RefusalMap()).ToStatus(new RefusedException("in use"), CancellationToken.None);

        Assert.Equal(StatusCode.FailedPrecondition, status.StatusCode);
        Assert.Equal("in use", status.Detail);
    }

    [Fact]
    public void An_overloaded_service_answers_resource_exhausted_and_says_when_to_retry()
    {
        var error = Interceptor().ToRpcException(
            new ServiceOverloadedException("The queue is full.", TimeSpan.FromMilliseconds(1500)), "/mlops.Inference/Predict", CancellationToken.None);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal("The queue is full.", error.Status.Detail);
        Assert.Equal("2", error.Trailers.GetValue("retry-after"));
        Assert.Equal("1500", error.Trailers.GetValue("grpc-retry-pushback-ms"));
    }

    [Fact]
    public void Work_stopped_because_the_caller_left_ends_cancelled()
    {
        using var left = new CancellationTokenSource();
        left.Cancel();

        var status = Interceptor().ToStatus(new OperationCanceledException(left.Token), left.Token);

        Assert.Equal(StatusCode.Cancelled, status.StatusCode);
    }

    [Fact]
    public void A_failure_that_follows_the_caller_leaving_ends_cancelled_not_as_the_failure()
    {
        // E.g. Drift's robustness check: its stream from Ingestion is cut by the cancellation and reported as unavailable.
        using var left = new CancellationTokenSource();
        left.Cancel();

        var status = Interceptor(new RefusalMap()).ToStatus(new RefusedException("ingestion unavailable"), left.Token);

        Assert.Equal(StatusCode.Cancelled, status.StatusCode);
    }

    [Fact]
    public void Status_messages_that_echo_huge_input_are_cut_so_they_fit_a_clients_metadata_limit()
    {
        var huge = new string('n', 100_000);

        var status = Interceptor().ToStatus(new RpcException(new Status(StatusCode.NotFound, $"No model '{huge}'.")), CancellationToken.None);

        Assert.Equal(StatusCode.NotFound, status.StatusCode);
        Assert.True(status.Detail.Length < EchoedInput.MaxStatusDetailChars + 100);
        Assert.StartsWith("No model 'nnn", status.Detail, StringComparison.Ordinal);
        Assert.Contains("more characters", status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Echoed_input_is_cut_to_200_characters_and_says_how_much_was_left_out()
    {
        Assert.Equal("short", EchoedInput.Of("short"));
        var cut = EchoedInput.Of(new string('x', 1000));
        Assert.StartsWith(new string('x', EchoedInput.MaxEchoedChars) + "…", cut, StringComparison.Ordinal);
        Assert.Contains("800 more characters", cut, StringComparison.Ordinal);
    }
}
