using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Inference.V1;
using Mlops.TestSupport;

namespace Mlops.Client.Tests;

/// <summary>The inference contract on Kestrel over loopback HTTP/2, answering as <see cref="Mode"/> says and counting what reached it.</summary>
public sealed class LoopbackInference : IAsyncDisposable
{
    private readonly GrpcTestServer _server;
    private readonly State _state;

    private LoopbackInference(GrpcTestServer server, State state)
    {
        _server = server;
        _state = state;
    }

    public enum Behaviour
    {
        Answer,
        RefuseAsFull,
        RejectAsInvalid,

        /// <summary>Answers once the test calls <see cref="ReleaseHeld"/>.</summary>
        Hold,
    }

    public Behaviour Mode
    {
        get => _state.Mode;
        set => _state.Mode = value;
    }

    public int Received => _state.Received;

    /// <summary>Answers every call held so far.</summary>
    public void ReleaseHeld() => Interlocked.Exchange(ref _state.Held, new(TaskCreationOptions.RunContinuationsAsynchronously)).SetResult();

    public Uri Address => new(_server.Address);

    public static async Task<LoopbackInference> StartAsync()
    {
        var state = new State();
        var server = await GrpcTestServer.StartAsync(services => services.AddSingleton(state), app => app.MapGrpcService<Service>());
        return new LoopbackInference(server, state);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private sealed class State
    {
        private int _received;

        public volatile Behaviour Mode;

        public TaskCompletionSource Held = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Received => Volatile.Read(ref _received);

        public void Count() => Interlocked.Increment(ref _received);
    }

    private sealed class Service(State state) : InferenceService.InferenceServiceBase
    {
        public override async Task<Prediction> Predict(PredictRequest request, ServerCallContext context)
        {
            var held = Volatile.Read(ref state.Held).Task;
            state.Count();
            switch (state.Mode)
            {
                case Behaviour.RefuseAsFull:
                    throw new RpcException(new Status(StatusCode.ResourceExhausted, "the batch queue is full"));
                case Behaviour.RejectAsInvalid:
                    throw new RpcException(new Status(StatusCode.InvalidArgument, "no image"));
                case Behaviour.Hold:
                    await held.WaitAsync(context.CancellationToken);
                    break;
            }

            return new Prediction { Label = 7, ModelName = request.ModelName, RequestId = request.RequestId };
        }
    }
}
