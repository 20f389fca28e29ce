using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mlops.Inference.V1;

namespace Mlops.Client.Tests;

/// <summary>The inference contract on Kestrel over loopback HTTP/2, answering as <see cref="Mode"/> says and counting what reached it.</summary>
public sealed class LoopbackInference : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly State _state;

    private LoopbackInference(WebApplication app, State state)
    {
        _app = app;
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

    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static async Task<LoopbackInference> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        var state = new State();
        builder.Services.AddSingleton(state);
        var app = builder.Build();
        app.MapGrpcService<Service>();
        await app.StartAsync();
        return new LoopbackInference(app, state);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

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
